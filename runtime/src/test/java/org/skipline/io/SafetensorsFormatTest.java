package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the exact bytes of the format against files laid out as the reference Python
 * {@code safetensors} library writes them, and values converted from F16, BF16 and F64.
 */
class SafetensorsFormatTest {
  @TempDir Path dir;

  /**
   * {@code safetensors.numpy.save({"a": np.array([1, 2], dtype=np.float32)})}: a 54-byte header
   * padded with two spaces to 56 (0x38), then 1.0f and 2.0f little-endian.
   */
  private static final byte[] REFERENCE_A = RawFiles.hex(
      "3800000000000000"
          + hexOf("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ")
          + "0000803f 00000040");

  /**
   * {@code safetensors.numpy.save({"h": float16 [1, -2, 65504, 2**-24, -inf],
   * "d": float64 [-1.5, 1e300, 0.1]}, metadata={"format": "np"})}, as printed by the library.
   */
  private static final byte[] REFERENCE_MIXED = RawFiles.hex(
      "9000000000000000"
          + "7b225f5f6d657461646174615f5f223a7b22666f726d6174223a226e70227d2c2264223a7b2264747970"
          + "65223a22463634222c227368617065223a5b335d2c22646174615f6f666673657473223a5b302c3234"
          + "5d7d2c2268223a7b226474797065223a22463136222c227368617065223a5b355d2c22646174615f6f"
          + "666673657473223a5b32342c33345d7d7d202020"
          + "000000000000f8bf 9c7500883ce4377e 9a9999999999b93f"
          + "003c 00c0 ff7b 0100 00fc");

  private static String hexOf(String ascii) {
    return java.util.HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writerProducesTheReferenceBytes() throws IOException {
    Path file = dir.resolve("a.safetensors");
    new Safetensors.Writer().putFloats("a", new long[] {2}, new float[] {1f, 2f}, 0).write(file);
    assertArrayEquals(REFERENCE_A, Files.readAllBytes(file));
  }

  @Test
  void readsTheReferenceBytes() throws IOException {
    Path file = Files.write(dir.resolve("a.safetensors"), REFERENCE_A);
    Safetensors st = Safetensors.read(file);
    assertEquals(List.of("a"), st.names());
    assertEquals(DType.F32, st.dtype("a"));
    assertArrayEquals(new long[] {2}, st.shape("a"));
    assertArrayEquals(new float[] {1f, 2f}, st.floats("a"));
    assertEquals(Map.of(), st.metadata());
  }

  @Test
  void readsAReferenceFileWithMetadataF64AndF16() throws IOException {
    Path file = Files.write(dir.resolve("mixed.safetensors"), REFERENCE_MIXED);
    Safetensors st = Safetensors.read(file);
    assertEquals(List.of("d", "h"), st.names());
    assertEquals(Map.of("format", "np"), st.metadata());
    assertEquals(DType.F64, st.dtype("d"));
    assertEquals(DType.F16, st.dtype("h"));
    assertArrayEquals(new float[] {-1.5f, Float.POSITIVE_INFINITY, 0.1f}, st.floats("d"));
    assertArrayEquals(
        new float[] {1f, -2f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY}, st.floats("h"));
  }

  @Test
  void readsHeadersInAnyKeyOrderWithWhitespaceExtraFieldsAndTensorsOutOfDataOrder()
      throws IOException {
    String header = "\n { \"b\" : { \"data_offsets\" : [ 8 , 12 ] , \"shape\" : [ ] ,"
        + " \"dtype\" : \"F32\", \"extra\": {\"nested\": [[1, [2.5e-3]], {\"x\": null}],"
        + " \"t\": true, \"f\": false} } ,\r\n\t\"__metadata__\": {\"k\\u00e9\": \"v\\n\"},"
        + " \"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]} }";
    Path file = RawFiles.write(dir.resolve("loose.safetensors"), header,
        RawFiles.f32(1f, 2f, 3f));
    Safetensors st = Safetensors.read(file);
    assertEquals(List.of("b", "a"), st.names(), "header order, not data order");
    assertEquals(Map.of("k\u00e9", "v\n"), st.metadata());
    assertArrayEquals(new float[] {3f}, st.floats("b"));
    assertArrayEquals(new float[] {1f, 2f}, st.floats("a"));
  }

  @Test
  void acceptsUnusedBytesBetweenAndAfterTensors() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}";
    Path file = RawFiles.write(dir.resolve("gaps.safetensors"), header,
        RawFiles.f32(0f, 1f, 0f, 2f, 0f));
    Safetensors st = Safetensors.read(file);
    assertArrayEquals(new float[] {1f}, st.floats("a"));
    assertArrayEquals(new float[] {2f}, st.floats("b"));
  }

  @Test
  void convertsF16IncludingSubnormalsInfinitiesAndNaN() throws IOException {
    Path file = RawFiles.write(dir.resolve("f16.safetensors"),
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,6],\"data_offsets\":[0,24]}}",
        RawFiles.u16(0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x03ff,
            0x8001, 0x7c00, 0xfc00, 0x8000, 0x0000, 0x7e00));
    float[] v = Safetensors.read(file).floats("h");
    assertEquals(1f, v[0]);
    assertEquals(-2f, v[1]);
    assertEquals(0.5f, v[2]);
    assertEquals(65504f, v[3], "largest finite half");
    assertEquals(0x1p-24f, v[4], "smallest subnormal half");
    assertEquals(1023 * 0x1p-24f, v[5], "largest subnormal half");
    assertEquals(-0x1p-24f, v[6], "negative subnormal half");
    assertEquals(Float.POSITIVE_INFINITY, v[7]);
    assertEquals(Float.NEGATIVE_INFINITY, v[8]);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[9]), "negative zero");
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(v[10]));
    assertEquals(Float.NaN, v[11]);
  }

  @Test
  void convertsBf16ByWideningTheBitPattern() throws IOException {
    Path file = RawFiles.write(dir.resolve("bf16.safetensors"),
        "{\"b\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[0,14]}}",
        RawFiles.u16(0x3f80, 0xc000, 0x4049, 0x0001, 0x7f80, 0xff80, 0x7f7f));
    float[] v = Safetensors.read(file).floats("b");
    assertEquals(1f, v[0]);
    assertEquals(-2f, v[1]);
    assertEquals(3.140625f, v[2]);
    assertEquals(Float.intBitsToFloat(0x00010000), v[3], "subnormal bfloat16");
    assertEquals(Float.POSITIVE_INFINITY, v[4]);
    assertEquals(Float.NEGATIVE_INFINITY, v[5]);
    assertEquals(Float.intBitsToFloat(0x7f7f0000), v[6], "largest finite bfloat16");
  }

  @Test
  void convertsF64ByRoundingToFloat() throws IOException {
    Path file = RawFiles.write(dir.resolve("f64.safetensors"),
        "{\"d\":{\"dtype\":\"F64\",\"shape\":[6],\"data_offsets\":[0,48]}}",
        RawFiles.f64(-1.5, 0.1, 1e300, -1e300, Double.MIN_VALUE, 1e-40));
    float[] v = Safetensors.read(file).floats("d");
    assertArrayEquals(new float[] {-1.5f, 0.1f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 0f, (float) 1e-40}, v);
    float[] dst = new float[8];
    Safetensors.read(file).readFloats("d", new long[] {6}, dst, 1);
    assertEquals(-1.5f, dst[1]);
    assertEquals((float) 1e-40, dst[6]);
  }

  @Test
  void widensI32AndSmallerIntegerTypesToLong() throws IOException {
    String header = "{\"i\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[0,12]},"
        + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[12,14]},"
        + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[14,16]}}";
    byte[] data = new byte[16];
    System.arraycopy(RawFiles.i32(-7, Integer.MAX_VALUE, 0), 0, data, 0, 12);
    data[12] = (byte) 255;
    data[13] = 3;
    System.arraycopy(RawFiles.u16(0xfffe), 0, data, 14, 2);
    Safetensors st = Safetensors.read(RawFiles.write(dir.resolve("ints.safetensors"), header,
        data));
    assertArrayEquals(new long[] {-7, Integer.MAX_VALUE, 0}, st.longs("i"));
    assertArrayEquals(new int[] {-7, Integer.MAX_VALUE, 0}, st.labels("i"));
    assertArrayEquals(new long[] {255, 3}, st.longs("u"));
    assertArrayEquals(new long[] {-2}, st.longs("s"));
  }
}
