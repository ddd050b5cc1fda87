package org.skipline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.tools.JavaFileObject;
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
    // compile-testing hides generated files of a failed compilation, so run javac directly.
    Path source = dir.resolve("Bad.java");
    Files.writeString(source, String.join("\n",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 21, classes = 0)",
        "public class Bad {}"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, new java.io.ByteArrayOutputStream(), "-proc:only",
        "-processor", ResNetProcessor.class.getName(),
        "-cp", System.getProperty("java.class.path"),
        "-s", generated.toString(), "-d", dir.toString(), source.toString());
    assertFalse(status == 0, "javac fails on a bad spec");
    try (var files = Files.walk(generated)) {
      assertEquals(List.of(generated), files.toList(), "nothing generated");
    }
  }
}
