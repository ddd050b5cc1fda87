package org.skipline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated source of a few specs, compared as exact text with the files under {@code
 * src/test/resources/golden}. After an intended change, rewrite them with {@code
 * -Dskipline.updateGolden=true} and review the diff.
 */
class GoldenSourceTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PreActResNet20 | depth = 20, preActivation = true",
      "ResNet11 | depth = 11, preActivation = false",
      "PreActResNet11 | depth = 11, preActivation = true, inputChannels = 1, inputHeight = 28,"
          + " inputWidth = 28",
      "BnAfterAdditionResNet11 | depth = 11,"
          + " activation = org.skipline.ActivationOrder.BN_AFTER_ADDITION",
      "ReluBeforeAdditionResNet8 | depth = 8,"
          + " activation = org.skipline.ActivationOrder.RELU_BEFORE_ADDITION",
      "ReluOnlyPreActResNet11 | depth = 11,"
          + " activation = org.skipline.ActivationOrder.RELU_ONLY_PREACTIVATION",
      "ConstantScalingResNet8 | depth = 8, preActivation = false,"
          + " shortcut = org.skipline.Shortcut.CONSTANT_SCALING, scaleBranch = true",
      "ExclusiveGatingPreActResNet8 | depth = 8,"
          + " shortcut = org.skipline.Shortcut.EXCLUSIVE_GATING",
      "ShortcutOnlyGatingResNet11 | depth = 11, preActivation = false,"
          + " shortcut = org.skipline.Shortcut.SHORTCUT_ONLY_GATING, gateBias = -4.0",
      "ConvShortcutPreActResNet8 | depth = 8, shortcut = org.skipline.Shortcut.CONV_1X1",
      "DropoutShortcutResNet8 | depth = 8,"
          + " activation = org.skipline.ActivationOrder.BN_AFTER_ADDITION,"
          + " shortcut = org.skipline.Shortcut.DROPOUT, shortcutDropout = 0.25",
  })
  void generatedSourceMatchesGolden(String name, String values) throws IOException {
    String generated = generate(name, values);
    assertEquals(generated, generate(name, values), "the same spec gives the same bytes");
    Path golden = GOLDEN.resolve(name + "Network.java");
    if (Boolean.getBoolean("skipline.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, generated, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), generated,
        "generated source differs from " + golden + "; rerun with -Dskipline.updateGolden=true"
            + " if the change is intended");
  }

  /**
   * The build machine's locale must not reach the generated source: German groups digits with
   * '.', Arabic (Egypt) writes its own digits even for {@code %d}, and Turkish lower-cases 'I'
   * to a dotless 'ı'.
   */
  @ParameterizedTest
  @MethodSource("foreignLocales")
  void generatedSourceIgnoresTheDefaultLocale(Locale locale) throws IOException {
    String name = "PreActResNet11";
    Locale saved = Locale.getDefault();
    String generated;
    try {
      Locale.setDefault(locale);
      generated = generate(name, "depth = 11, preActivation = true, inputChannels = 1,"
          + " inputHeight = 28, inputWidth = 28");
    } finally {
      Locale.setDefault(saved);
    }
    assertEquals(Files.readString(GOLDEN.resolve(name + "Network.java"), StandardCharsets.UTF_8),
        generated, "generated source under the default locale " + locale + " differs from golden");
  }

  static List<Locale> foreignLocales() {
    return List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("tr-TR"));
  }

  private static String generate(String name, String values) throws IOException {
    JavaFileObject spec = JavaFileObjects.forSourceLines("org.skipline.examples." + name,
        "package org.skipline.examples;",
        "import org.skipline.ResNet;",
        "@ResNet(" + values + ")",
        "public final class " + name + " {}");
    Compilation compilation = javac().withProcessors(new ResNetProcessor()).compile(spec);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation.generatedSourceFile("org.skipline.examples." + name + "Network")
        .orElseThrow()
        .getCharContent(true)
        .toString();
  }
}
