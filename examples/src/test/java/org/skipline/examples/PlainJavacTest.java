package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own spec compiled by plain {@code javac}, with the processor jar on the processor path
 * and the runtime jar on the class path, exactly as the README tells users to do it.
 */
class PlainJavacTest {

  @TempDir Path dir;

  private record Result(int status, String output) {}

  private Result javac(String source) throws IOException {
    Path file = dir.resolve("src/user/Cifar.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = ToolProvider.getSystemJavaCompiler().run(null, out, out,
        "-processorpath", jar("skipline.processorJar"),
        "-cp", jar("skipline.runtimeJar"),
        "-d", dir.resolve("classes").toString(),
        file.toString());
    return new Result(status, out.toString(StandardCharsets.UTF_8));
  }

  private static String jar(String property) {
    Path jar = Path.of(System.getProperty(property));
    assertTrue(Files.isRegularFile(jar), property + " points at " + jar);
    return jar.toString();
  }

  @Test
  void validSpecCompilesToANetwork() throws IOException {
    Result r = javac(String.join("\n",
        "package user;",
        "import org.skipline.ResNet;",
        "@ResNet(depth = 164, preActivation = true)",
        "public class Cifar {}"));
    assertEquals(0, r.status(), r.output());
    assertTrue(Files.isRegularFile(dir.resolve("classes/user/CifarNetwork.class")));
  }

  @Test
  void depth165IsRejectedOnItsLine() throws IOException {
    Result r = javac(String.join("\n",
        "package user;",
        "import org.skipline.ResNet;",
        "@ResNet(preActivation = true,",
        "    depth = 165)",
        "public class Cifar {}"));
    assertEquals(1, r.status(), r.output());
    assertTrue(r.output().contains("Cifar.java:4: error: [ResNetDepth] depth 165 is not"),
        r.output());
    assertTrue(r.output().contains("1 error"), r.output());
  }
}
