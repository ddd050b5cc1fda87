package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content digest that checkpoints use to detect corruption. */
class TensorDigestTest {

  @TempDir Path dir;

  private static Safetensors.Writer content(float value) {
    return new Safetensors.Writer()
        .putFloats("b", new long[] {2}, new float[] {1, value}, 0)
        .putLongs("a", new long[0], new long[] {7});
  }

  @Test
  void writerAndReaderAgree() throws IOException {
    Path file = dir.resolve("t.safetensors");
    Safetensors.Writer writer = content(2).metadata("note", "not covered");
    writer.write(file);
    assertEquals(writer.digest(), Safetensors.read(file).digest());
    assertEquals(64, writer.digest().length());
  }

  @Test
  void anyChangedValueChangesTheDigest() throws IOException {
    assertNotEquals(content(2).digest(), content(3).digest());
    Path file = dir.resolve("t.safetensors");
    content(2).write(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    assertNotEquals(content(2).digest(), Safetensors.read(file).digest());
  }
}
