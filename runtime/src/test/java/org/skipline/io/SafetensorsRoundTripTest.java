package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes files with {@link Safetensors.Writer} and reads them back with {@link Safetensors}. */
class SafetensorsRoundTripTest {
  @TempDir Path dir;

  private static float[] ramp(int n, float scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i - n / 2) * scale;
    }
    return values;
  }

  private static Safetensors.Writer sample() {
    float[] conv = ramp(16 * 3 * 3 * 3, 0.01f);
    float[] padded = new float[conv.length + 5];
    System.arraycopy(conv, 0, padded, 5, conv.length);
    return new Safetensors.Writer()
        .metadata("format", "pt")
        .metadata("epoch", "12")
        .putFloats("stem.weight", new long[] {16, 3, 3, 3}, padded, 5)
        .putFloats("fc.bias", new long[] {10}, ramp(10, 0.5f), 0)
        .putFloats("fc.weight", new long[] {10, 64}, ramp(640, 1e-3f), 0)
        .putFloats("empty", new long[] {0, 7}, new float[0], 0)
        .putScalar("loss", 2.302585f)
        .putLongs("labels", new long[] {4}, new long[] {3, 0, 9, 1})
        .putLongs("stem_bn.num_batches_tracked", new long[0], new long[] {391});
  }

  @Test
  void roundTripsFloatsLongsScalarsEmptyTensorsAndMetadata() throws IOException {
    Path file = dir.resolve("net.safetensors");
    sample().write(file);
    Safetensors st = Safetensors.read(file);

    assertEquals(file, st.file());
    assertEquals(
        List.of("empty", "fc.bias", "fc.weight", "labels", "loss", "stem.weight",
            "stem_bn.num_batches_tracked"),
        st.names(), "header keys are sorted by name");
    assertEquals(Map.of("format", "pt", "epoch", "12"), st.metadata());
    assertEquals(List.of("epoch", "format"), List.copyOf(st.metadata().keySet()));

    assertEquals(DType.F32, st.dtype("stem.weight"));
    assertArrayEquals(new long[] {16, 3, 3, 3}, st.shape("stem.weight"));
    assertArrayEquals(ramp(432, 0.01f), st.floats("stem.weight"));
    assertArrayEquals(ramp(640, 1e-3f), st.floats("fc.weight"));
    assertArrayEquals(ramp(10, 0.5f), st.floats("fc.bias"));

    assertArrayEquals(new long[0], st.shape("loss"));
    assertArrayEquals(new float[] {2.302585f}, st.floats("loss"));

    assertArrayEquals(new long[] {0, 7}, st.shape("empty"));
    assertEquals(0, st.floats("empty").length);

    assertEquals(DType.I64, st.dtype("labels"));
    assertArrayEquals(new long[] {3, 0, 9, 1}, st.longs("labels"));
    assertArrayEquals(new int[] {3, 0, 9, 1}, st.labels("labels"));
    assertArrayEquals(new long[0], st.shape("stem_bn.num_batches_tracked"));
    assertArrayEquals(new long[] {391}, st.longs("stem_bn.num_batches_tracked"));

    assertTrue(st.contains("fc.bias"));
    assertFalse(st.contains("__metadata__"));
    assertFalse(st.contains("fc"));
  }

  @Test
  void sameContentGivesByteIdenticalFiles() throws IOException {
    Path first = dir.resolve("first.safetensors");
    Path second = dir.resolve("second.safetensors");
    sample().write(first);
    sample().write(second);
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void headerIsPaddedToEightBytesAndDataIsContiguous() throws IOException {
    Path file = dir.resolve("padded.safetensors");
    sample().write(file);
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);
    long dataBytes = 4L * (432 + 10 + 640 + 0 + 1) + 8L * (4 + 1);
    assertEquals(8 + headerLength + dataBytes, bytes.length, "no gaps and no trailing bytes");
  }

  @Test
  void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("replace.safetensors");
    Files.writeString(file, "old content");
    new Safetensors.Writer().putScalar("x", 1f).write(file);
    assertArrayEquals(new float[] {1f}, Safetensors.read(file).floats("x"));
    new Safetensors.Writer().putScalar("x", 2f).write(file);
    assertArrayEquals(new float[] {2f}, Safetensors.read(file).floats("x"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void writesToARelativePath() throws IOException {
    Path file = dir.resolve("relative.safetensors");
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    new Safetensors.Writer().putScalar("x", 3f).write(relative);
    assertArrayEquals(new float[] {3f}, Safetensors.read(file).floats("x"));
  }

  @Test
  void emptyWriterWritesAValidFile() throws IOException {
    Path file = dir.resolve("empty.safetensors");
    new Safetensors.Writer().write(file);
    assertArrayEquals(RawFiles.hex("0800000000000000 7b7d202020202020"),
        Files.readAllBytes(file));
    Safetensors st = Safetensors.read(file);
    assertEquals(List.of(), st.names());
    assertEquals(Map.of(), st.metadata());
  }

  @Test
  void namesWithEscapesAndNonAsciiRoundTrip() throws IOException {
    Path file = dir.resolve("names.safetensors");
    String odd = "quote\" back\\slash tab\t nl\n ctrl\u0001 \u00e9 \ud83d\ude00";
    new Safetensors.Writer()
        .metadata(odd, odd)
        .putScalar(odd, 7f)
        .putScalar("\ud83d\ude00", 9f)
        .putScalar("\uffff", 8f)
        .write(file);
    Safetensors st = Safetensors.read(file);
    // U+1F600 sorts after U+FFFF by code point, though its UTF-16 form sorts before it.
    assertEquals(List.of(odd, "\uffff", "\ud83d\ude00"), st.names());
    assertEquals(Map.of(odd, odd), st.metadata());
    assertArrayEquals(new float[] {7f}, st.floats(odd));
  }

  @Test
  void readFloatsCopiesAtAnOffsetAfterCheckingTheShape() throws IOException {
    Path file = dir.resolve("net.safetensors");
    sample().write(file);
    Safetensors st = Safetensors.read(file);
    float[] params = new float[20];
    st.readFloats("fc.bias", new long[] {10}, params, 7);
    for (int i = 0; i < 20; i++) {
      float expected = i >= 7 && i < 17 ? (i - 7 - 5) * 0.5f : 0f;
      assertEquals(expected, params[i], "index " + i);
    }
    assertThrows(IndexOutOfBoundsException.class,
        () -> st.readFloats("fc.bias", new long[] {10}, params, 11));
  }

  @Test
  void readFloatsShapeMismatchNamesFileTensorAndBothShapes() throws IOException {
    Path file = dir.resolve("net.safetensors");
    sample().write(file);
    Safetensors st = Safetensors.read(file);
    SafetensorsException e = assertThrows(SafetensorsException.class,
        () -> st.readFloats("stem.weight", new long[] {16, 3, 3}, new float[432], 0));
    assertEquals(file + ": tensor \"stem.weight\" has shape [16, 3, 3, 3], expected [16, 3, 3]",
        e.getMessage());
  }

  @Test
  void accessorsNameFileAndTensorWhenTheTensorIsMissingOrOfTheWrongType() throws IOException {
    Path file = dir.resolve("net.safetensors");
    sample().write(file);
    Safetensors st = Safetensors.read(file);

    SafetensorsException missing =
        assertThrows(SafetensorsException.class, () -> st.floats("fc.wieght"));
    assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
    assertTrue(missing.getMessage().contains("no tensor \"fc.wieght\""), missing.getMessage());
    assertThrows(SafetensorsException.class,
        () -> st.readFloats("nope", new long[] {1}, new float[1], 0));
    assertThrows(SafetensorsException.class, () -> st.longs("nope"));
    assertThrows(NoSuchElementException.class, () -> st.dtype("nope"));
    assertThrows(NoSuchElementException.class, () -> st.shape("nope"));

    SafetensorsException notFloat =
        assertThrows(SafetensorsException.class, () -> st.floats("labels"));
    assertEquals(file + ": tensor \"labels\" has dtype I64, expected a float dtype (F32, F16,"
        + " BF16 or F64)", notFloat.getMessage());
    SafetensorsException notInteger =
        assertThrows(SafetensorsException.class, () -> st.labels("fc.bias"));
    assertTrue(notInteger.getMessage().contains("tensor \"fc.bias\" has dtype F32"),
        notInteger.getMessage());
  }

  @Test
  void shapeReturnsACopy() throws IOException {
    Path file = dir.resolve("net.safetensors");
    sample().write(file);
    Safetensors st = Safetensors.read(file);
    st.shape("fc.weight")[0] = 99;
    assertArrayEquals(new long[] {10, 64}, st.shape("fc.weight"));
  }

  @Test
  void writerCopiesItsInputs() throws IOException {
    float[] values = {1f, 2f};
    long[] shape = {2};
    Safetensors.Writer writer = new Safetensors.Writer().putFloats("a", shape, values, 0);
    values[0] = 100f;
    shape[0] = 1;
    Path file = dir.resolve("copy.safetensors");
    writer.write(file);
    assertArrayEquals(new float[] {1f, 2f}, Safetensors.read(file).floats("a"));
  }

  @Test
  void writerRejectsInvalidNamesShapesAndData() {
    Safetensors.Writer w = new Safetensors.Writer().putScalar("a", 1f).metadata("k", "v");
    assertThrows(IllegalArgumentException.class, () -> w.putScalar("a", 2f));
    assertThrows(IllegalArgumentException.class, () -> w.putLongs("a", new long[0], new long[1]));
    assertThrows(IllegalArgumentException.class, () -> w.metadata("k", "w"));
    assertThrows(IllegalArgumentException.class, () -> w.putScalar("__metadata__", 1f));
    assertThrows(IllegalArgumentException.class, () -> w.putScalar("", 1f));
    assertThrows(IllegalArgumentException.class, () -> w.putScalar("bad\ud800", 1f));
    assertThrows(NullPointerException.class, () -> w.putScalar(null, 1f));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> w.putFloats("b", new long[] {2, -1}, new float[2], 0));
    assertTrue(negative.getMessage().contains("[2, -1]"), negative.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> w.putFloats("b", new long[] {1L << 40, 1L << 40}, new float[2], 0));
    assertThrows(IndexOutOfBoundsException.class,
        () -> w.putFloats("b", new long[] {3}, new float[4], 2));
    assertThrows(IndexOutOfBoundsException.class,
        () -> w.putFloats("b", new long[] {1}, new float[4], -1));
    assertThrows(IllegalArgumentException.class,
        () -> w.putLongs("b", new long[] {3}, new long[2]));
  }

  @Test
  void labelsRejectsValuesOutsideIntRange() throws IOException {
    Path file = dir.resolve("labels.safetensors");
    new Safetensors.Writer()
        .putLongs("labels", new long[] {3}, new long[] {1, 1L << 32, 2})
        .write(file);
    Safetensors st = Safetensors.read(file);
    assertArrayEquals(new long[] {1, 1L << 32, 2}, st.longs("labels"));
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> st.labels("labels"));
    assertEquals(file + ": tensor \"labels\" element 1 is 4294967296, outside the range of int"
        + " [-2147483648, 2147483647]", e.getMessage());
  }
}
