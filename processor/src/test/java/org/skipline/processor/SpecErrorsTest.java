package org.skipline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message tag of the processor, asserted on the line of the annotation value that is wrong,
 * with nothing generated for a bad spec.
 */
class SpecErrorsTest {

  private static JavaFileObject spec(String name, String... lines) {
    return JavaFileObjects.forSourceLines("test." + name, lines);
  }

  private static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new ResNetProcessor()).compile(sources);
  }

  @Test
  void depthThatFitsNoRule() {
    JavaFileObject source = spec("Deep",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(",
        "    depth = 165,",
        "    preActivation = true)",
        "public class Deep {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ResNetDepth] depth 165 is not 6n+2 (basic units) or 9n+2"
            + " (bottleneck units) for any n >= 1; nearest valid: 164 (bottleneck) or 170"
            + " (basic)")
        .inFile(source)
        .onLineContaining("depth = 165");
  }

  @Test
  void preActivationThatContradictsTheActivationOrder() {
    JavaFileObject source = spec("Contradiction",
        "package test;",
        "import org.skipline.ActivationOrder;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20, preActivation = false,",
        "    activation = ActivationOrder.FULL_PREACTIVATION)",
        "public class Contradiction {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ResNetVariant] activation = FULL_PREACTIVATION contradicts"
            + " preActivation = false, which means original (post-activation) units; give only"
            + " activation, or preActivation = true")
        .inFile(source)
        .onLineContaining("activation = ActivationOrder.FULL_PREACTIVATION");

    JavaFileObject other = spec("Other",
        "package test;",
        "import org.skipline.ActivationOrder;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20, preActivation = true,",
        "    activation = ActivationOrder.BN_AFTER_ADDITION)",
        "public class Other {}");
    assertThat(compile(other)).hadErrorContaining("[ResNetVariant] activation = BN_AFTER_ADDITION"
        + " contradicts preActivation = true, which means full pre-activation units");
  }

  @Test
  void aShortcutValueTheShortcutDoesNotUseIsAnError() {
    String[][] cases = {
        {"shortcut = Shortcut.CONSTANT_SCALING, gateBias = -4.0", "gateBias = -4.0",
            "gateBias is given, but shortcut = CONSTANT_SCALING does not use it; only"
                + " EXCLUSIVE_GATING and SHORTCUT_ONLY_GATING read it"},
        {"shortcut = Shortcut.EXCLUSIVE_GATING, shortcutScale = 0.5", "shortcutScale = 0.5",
            "shortcutScale is given, but shortcut = EXCLUSIVE_GATING does not use it; only"
                + " CONSTANT_SCALING reads it"},
        {"scaleBranch = true", "scaleBranch = true",
            "scaleBranch is given, but shortcut = IDENTITY does not use it"},
        {"shortcut = Shortcut.SHORTCUT_ONLY_GATING, shortcutDropout = 0.5",
            "shortcutDropout = 0.5", "shortcutDropout is given, but shortcut ="
                + " SHORTCUT_ONLY_GATING does not use it; only DROPOUT reads it"},
        {"shortcut = Shortcut.DROPOUT, gateBias = -6.0", "gateBias = -6.0",
            "gateBias is given, but shortcut = DROPOUT does not use it"},
    };
    for (String[] c : cases) {
      JavaFileObject source = spec("Unused",
          "package test;",
          "import org.skipline.ResNet;",
          "import org.skipline.Shortcut;",
          "@ResNet(depth = 20,",
          "    " + c[0] + ")",
          "public class Unused {}");
      Compilation compilation = compile(source);
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation)
          .hadErrorContaining("[ResNetVariant] " + c[2])
          .inFile(source)
          .onLineContaining(c[1]);
    }
  }

  @Test
  void aShortcutValueOutOfRangeIsAnError() {
    String[][] cases = {
        {"shortcut = Shortcut.CONSTANT_SCALING, shortcutScale = 0.0", "shortcutScale = 0.0",
            "shortcutScale = 0.0 is outside (0, 1]"},
        {"shortcut = Shortcut.CONSTANT_SCALING, shortcutScale = 1.5", "shortcutScale = 1.5",
            "shortcutScale = 1.5 is outside (0, 1]"},
        {"shortcut = Shortcut.DROPOUT, shortcutDropout = 1.0", "shortcutDropout = 1.0",
            "shortcutDropout = 1.0 is outside [0, 1)"},
        {"shortcut = Shortcut.DROPOUT, shortcutDropout = -0.1", "shortcutDropout = -0.1",
            "shortcutDropout = -0.1 is outside [0, 1)"},
        {"shortcut = Shortcut.EXCLUSIVE_GATING, gateBias = Double.NaN", "gateBias = Double.NaN",
            "gateBias = NaN is outside [-30.0, 30.0]"},
        {"shortcut = Shortcut.SHORTCUT_ONLY_GATING, gateBias = -40", "gateBias = -40",
            "gateBias = -40.0 is outside [-30.0, 30.0]"},
    };
    for (String[] c : cases) {
      JavaFileObject source = spec("Range",
          "package test;",
          "import org.skipline.ResNet;",
          "import org.skipline.Shortcut;",
          "@ResNet(depth = 20,",
          "    " + c[0] + ")",
          "public class Range {}");
      Compilation compilation = compile(source);
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation)
          .hadErrorContaining("[ResNetVariant] " + c[2])
          .inFile(source)
          .onLineContaining(c[1]);
    }
  }

  @Test
  void everyShortcutWithTheValuesItUsesCompiles() {
    for (String values : new String[] {
        "depth = 20, shortcut = Shortcut.IDENTITY",
        "depth = 20, shortcut = Shortcut.CONSTANT_SCALING, shortcutScale = 1, scaleBranch = true",
        "depth = 29, shortcut = Shortcut.EXCLUSIVE_GATING, gateBias = 0",
        "depth = 20, preActivation = false, shortcut = Shortcut.SHORTCUT_ONLY_GATING,"
            + " gateBias = -6",
        "depth = 20, activation = ActivationOrder.RELU_BEFORE_ADDITION,"
            + " shortcut = Shortcut.CONV_1X1",
        "depth = 20, shortcut = Shortcut.DROPOUT, shortcutDropout = 0"}) {
      JavaFileObject source = spec("Fine",
          "package test;",
          "import org.skipline.ActivationOrder;",
          "import org.skipline.ResNet;",
          "import org.skipline.Shortcut;",
          "@ResNet(" + values + ")",
          "public class Fine {}");
      Compilation compilation = compile(source);
      assertThat(compilation).succeededWithoutWarnings();
      org.junit.jupiter.api.Assertions.assertTrue(
          compilation.generatedSourceFile("test.FineNetwork").isPresent(), values);
    }
  }

  @Test
  void anActivationOrderAloneOrAgreeingWithPreActivationCompiles() {
    for (String values : new String[] {
        "depth = 20, activation = ActivationOrder.RELU_ONLY_PREACTIVATION",
        "depth = 20, preActivation = false, activation = ActivationOrder.RELU_BEFORE_ADDITION",
        "depth = 20, preActivation = true, activation = ActivationOrder.FULL_PREACTIVATION"}) {
      JavaFileObject source = spec("Fine",
          "package test;",
          "import org.skipline.ActivationOrder;",
          "import org.skipline.ResNet;",
          "@ResNet(" + values + ")",
          "public class Fine {}");
      Compilation compilation = compile(source);
      assertThat(compilation).succeededWithoutWarnings();
      org.junit.jupiter.api.Assertions.assertTrue(
          compilation.generatedSourceFile("test.FineNetwork").isPresent(), values);
    }
  }

  @Test
  void depthThatDoesNotFitTheUnitAskedFor() {
    JavaFileObject source = spec("Basic",
        "package test;",
        "import org.skipline.ResNet;",
        "import org.skipline.UnitType;",
        "@ResNet(unit = UnitType.BASIC,",
        "    depth = 1001)",
        "public class Basic {}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetDepth] depth 1001 is not 6n+2 (n >= 1) for basic units;"
            + " nearest valid: 998 (basic) or 1004 (basic)")
        .inFile(source)
        .onLineContaining("depth = 1001");
  }

  @Test
  void nonPositiveSize() {
    JavaFileObject source = spec("NoClasses",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20,",
        "    classes = 0)",
        "public class NoClasses {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ResNetSize] classes = 0: the number of classes must be at least"
            + " 2; nearest valid: 2")
        .inFile(source)
        .onLineContaining("classes = 0");
  }

  @Test
  void inputTooSmallForTwoStrideTwoStages() {
    JavaFileObject source = spec("Tiny",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20,",
        "    inputHeight = 3,",
        "    inputWidth = 32)",
        "public class Tiny {}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetInput] inputHeight = 3 is too small for the two stride-2"
            + " stages, which need at least 4 pixels; nearest valid: 4")
        .inFile(source)
        .onLineContaining("inputHeight = 3");
  }

  @Test
  void networkTooLargeForJavaArrays() {
    JavaFileObject source = spec("Huge",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 1001, baseWidth = 4096)",
        "public class Huge {}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetMemory]")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 1001");
  }

  @Test
  void everyErrorOfASpecIsReportedAndNothingElse() {
    JavaFileObject source = spec("Bad",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(",
        "    depth = 21,",
        "    inputChannels = 0,",
        "    baseWidth = -16)",
        "public class Bad {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("[ResNetDepth]").inFile(source)
        .onLineContaining("depth = 21");
    assertThat(compilation).hadErrorContaining("[ResNetSize] inputChannels = 0").inFile(source)
        .onLineContaining("inputChannels = 0");
    assertThat(compilation).hadErrorContaining("[ResNetSize] baseWidth = -16").inFile(source)
        .onLineContaining("baseWidth = -16");
  }

  @Test
  void annotationOnAnInterface() {
    JavaFileObject source = spec("Shape",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20)",
        "public interface Shape {}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on interface Shape, but it must be on a"
            + " class")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void annotationOnAPrivateNestedClass() {
    JavaFileObject source = spec("Outer",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Outer {",
        "  @ResNet(depth = 20)",
        "  private static class Hidden {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on test.Outer.Hidden, which is private")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void annotationOnAnInnerClass() {
    JavaFileObject source = spec("Holder",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Holder {",
        "  @ResNet(depth = 20)",
        "  class Inner {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on the inner class test.Holder.Inner")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void generatedNameClashesWithAnExistingClass() {
    JavaFileObject source = spec("Net",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20)",
        "public class Net {}");
    JavaFileObject existing = spec("NetNetwork",
        "package test;",
        "public class NetNetwork {}");
    Compilation compilation = compile(source, existing);
    assertThat(compilation)
        .hadErrorContaining("[ResNetName] the generated class test.NetNetwork would clash with an"
            + " existing class of that name")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void staticNestedSpecGetsAFlatName() {
    JavaFileObject source = spec("Zoo",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Zoo {",
        "  @ResNet(depth = 8, inputHeight = 8, inputWidth = 8)",
        "  static class Small {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Zoo_SmallNetwork");
  }

  @Test
  void badSpecGeneratesNothing(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), generatedByFailingJavac(dir, Map.of("Bad.java", String.join("\n",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 21, classes = 0)",
        "public class Bad {}"))), "nothing generated");
  }

  @Test
  void nestedAndTopLevelSpecsWithTheSameGeneratedName() {
    JavaFileObject outer = spec("Outer",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Outer {",
        "  @ResNet(depth = 20)",
        "  public static class Inner {}",
        "}");
    JavaFileObject flat = spec("Outer_Inner",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20)",
        "public class Outer_Inner {}");
    Compilation compilation = compile(outer, flat);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ResNetName] the generated class test.Outer_InnerNetwork would also"
            + " be generated for test.Outer_Inner; rename test.Outer.Inner or test.Outer_Inner")
        .inFile(outer)
        .onLineContaining("@ResNet(depth = 20)");
    assertThat(compilation)
        .hadErrorContaining("[ResNetName] the generated class test.Outer_InnerNetwork would also"
            + " be generated for test.Outer.Inner; rename test.Outer_Inner or test.Outer.Inner")
        .inFile(flat)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void specsWithTheSameGeneratedNameGenerateNothing(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), generatedByFailingJavac(dir, Map.of(
        "Outer.java", String.join("\n",
            "import org.skipline.ResNet;",
            "public class Outer {",
            "  @ResNet(depth = 20) public static class Inner {}",
            "}"),
        "Outer_Inner.java", String.join("\n",
            "import org.skipline.ResNet;",
            "@ResNet(depth = 20)",
            "public class Outer_Inner {}"))), "nothing generated for either spec");
  }

  @Test
  void generatedNameTakenByAnotherProcessorInTheSameRound() {
    JavaFileObject source = spec("Net",
        "package test;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 20)",
        "public class Net {}");
    Compilation compilation = javac()
        .withProcessors(new SourceWriter("test.NetNetwork", "package test; class NetNetwork {}"),
            new ResNetProcessor())
        .compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ResNetName] the generated class test.NetNetwork cannot be created"
            + " because that name is already taken in this compilation")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
  }

  @Test
  void generatedNameTakenInAnEarlierRound() {
    JavaFileObject outer = spec("Outer",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Outer {",
        "  @ResNet(depth = 20)",
        "  public static class Inner {}",
        "}");
    // The first round generates Outer_InnerNetwork for Outer.Inner and, from the other
    // processor, the spec Outer_Inner, which the second round sees.
    Compilation compilation = javac()
        .withProcessors(new SourceWriter("test.Outer_Inner", String.join("\n",
                "package test;",
                "@org.skipline.ResNet(depth = 20)",
                "public class Outer_Inner {}")),
            new ResNetProcessor())
        .compile(outer);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ResNetName] the generated class test.Outer_InnerNetwork was already"
            + " generated for test.Outer.Inner in an earlier round; rename test.Outer_Inner or"
            + " test.Outer.Inner");
  }

  @Test
  void annotationOnALocalClassWithItsValueErrors() {
    JavaFileObject source = spec("Factory",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Factory {",
        "  void build() {",
        "    @ResNet(depth = 20)",
        "    class Local {}",
        "    Runnable r = () -> {",
        "      @ResNet(depth = 21)",
        "      class InLambda {}",
        "    };",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on the local class Local, which generated"
            + " code cannot name; declare it as a top-level or static nested class")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on the local class InLambda")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 21)");
    assertThat(compilation).hadErrorContaining("[ResNetDepth] depth 21").inFile(source)
        .onLineContaining("@ResNet(depth = 21)");
  }

  @Test
  void annotationInsideAnAnonymousClassOrInitializer() {
    JavaFileObject source = spec("Anonymous",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Anonymous {",
        "  Object field = new Object() {",
        "    @ResNet(depth = 20)",
        "    static class Nested {}",
        "  };",
        "  static {",
        "    @org.skipline.ResNet(depth = 8)",
        "    class InInitializer {}",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on the class Nested inside a local or"
            + " anonymous class")
        .inFile(source)
        .onLineContaining("@ResNet(depth = 20)");
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on the local class InInitializer")
        .inFile(source)
        .onLineContaining("@org.skipline.ResNet(depth = 8)");
  }

  @Test
  void localClassWithAnotherResNetAnnotationIsNotASpec() {
    // Only Skipline's @ResNet is refused; the class around it may use a generated network.
    JavaFileObject other = spec("ResNet",
        "package test;",
        "public @interface ResNet {}");
    JavaFileObject source = spec("User",
        "package test;",
        "public class User {",
        "  @org.skipline.ResNet(depth = 8, inputHeight = 8, inputWidth = 8)",
        "  static class Small {}",
        "  Object build() {",
        "    @ResNet",
        "    class Local {}",
        "    return new User_SmallNetwork(1);",
        "  }",
        "}");
    Compilation compilation = compile(other, source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.User_SmallNetwork");
  }

  @Test
  void misplacedSpecAlsoReportsItsValueErrors() {
    JavaFileObject source = spec("Outer",
        "package test;",
        "import org.skipline.ResNet;",
        "public class Outer {",
        "  @ResNet(",
        "      depth = 21,",
        "      classes = 0)",
        "  private static class Hidden {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[ResNetElement] @ResNet is on test.Outer.Hidden, which is private")
        .inFile(source)
        .onLineContaining("@ResNet(");
    assertThat(compilation).hadErrorContaining("[ResNetDepth] depth 21").inFile(source)
        .onLineContaining("depth = 21");
    assertThat(compilation).hadErrorContaining("[ResNetSize] classes = 0").inFile(source)
        .onLineContaining("classes = 0");
  }

  @Test
  void misplacedSpecWithValueErrorsGeneratesNothing(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), generatedByFailingJavac(dir, Map.of("Outer.java", String.join("\n",
        "import org.skipline.ResNet;",
        "public class Outer {",
        "  @ResNet(depth = 21) private static class Hidden {}",
        "  @ResNet(depth = 20) class Inner {}",
        "}"))), "nothing generated");
  }

  /**
   * Runs javac with the processor on the given files, checks that it fails and returns the files
   * it generated. compile-testing hides generated files of a failed compilation.
   */
  private static List<Path> generatedByFailingJavac(Path dir, Map<String, String> files)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("-proc:only",
        "-processor", ResNetProcessor.class.getName(),
        "-cp", System.getProperty("java.class.path"),
        "-s", Files.createDirectories(dir.resolve("generated")).toString(),
        "-d", dir.toString()));
    for (Map.Entry<String, String> file : files.entrySet()) {
      args.add(Files.writeString(dir.resolve(file.getKey()), file.getValue()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, new java.io.ByteArrayOutputStream(),
        args.toArray(String[]::new));
    assertFalse(status == 0, "javac fails");
    try (var generated = Files.walk(dir.resolve("generated"))) {
      return generated.filter(Files::isRegularFile).toList();
    }
  }

  /** Another processor that writes one source file in the first round. */
  private static final class SourceWriter extends AbstractProcessor {

    private final String name;
    private final String text;
    private boolean written;

    SourceWriter(String name, String text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          out.write(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
