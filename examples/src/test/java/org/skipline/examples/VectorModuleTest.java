package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A network in a JVM started without {@code --add-modules jdk.incubator.vector}, the mistake a
 * new user makes first: it must fail at once with a sentence that says what to add, not with a
 * {@code NoClassDefFoundError} from deep inside the first convolution. The JVM under test has the
 * module, so the program runs in a child JVM of the same JDK, on the same class path, without it.
 */
class VectorModuleTest {

  /** What the child JVM runs: a network built and given one image, as a user's first program. */
  public static final class WithoutModule {
    public static void main(String[] args) {
      PreActResNet20Network net = new PreActResNet20Network(1);
      net.forward(new float[3 * 32 * 32], 1, false);
      System.out.println("logits: " + net.logits()[0]);
    }
  }

  @Test
  void missingModuleIsOneSentenceNamingTheFlag() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), WithoutModule.class.getName())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    assertEquals(1, child.exitValue(), err);
    assertFalse(err.contains("NoClassDefFoundError"), err);
    assertTrue(err.contains("java.lang.IllegalStateException: Skipline's kernels need the Vector"
        + " API module jdk.incubator.vector, which this JVM was started without: run java with"
        + " --add-modules jdk.incubator.vector"), err);
  }
}
