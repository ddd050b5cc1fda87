package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per way a file can be malformed: each must fail with a {@link SafetensorsException}
 * whose message names the file and the specific problem.
 */
class SafetensorsMalformedTest {
  @TempDir Path dir;

  /** Reads {@code file}, expecting rejection with a message containing every fragment. */
  private static SafetensorsException assertRejected(Path file, String... fragments) {
    SafetensorsException e =
        assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
    String message = e.getMessage();
    assertTrue(message.contains(file.getFileName().toString()), "no file name in: " + message);
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), "expected \"" + fragment + "\" in: " + message);
    }
    assertEquals(-1, message.indexOf('\n'), "one line: " + message);
    return e;
  }

  /** A header with one F32 tensor "t" whose entry body is given. */
  private Path oneTensor(String fileName, String entry, int dataBytes) throws IOException {
    return RawFiles.write(dir.resolve(fileName), "{\"t\":" + entry + "}", new byte[dataBytes]);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void fileShorterThanEightBytes(int size) throws IOException {
    Path file = Files.write(dir.resolve("short.safetensors"), new byte[size]);
    assertRejected(file, "is " + size + " bytes long", "8-byte header length");
  }

  @Test
  void headerLengthLargerThanTheRestOfTheFile() throws IOException {
    Path file = RawFiles.write(dir.resolve("long-header.safetensors"), 100, new byte[20],
        new byte[0]);
    assertRejected(file, "header length 100", "exceeds the 20 bytes that follow");
  }

  @Test
  void headerLengthOfTwoToTheSixtySecondIsRejectedWithoutAllocating() throws IOException {
    Path file = RawFiles.write(dir.resolve("huge.safetensors"), 1L << 62,
        "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]);
    // Allocating 2^62 bytes would throw OutOfMemoryError (not SafetensorsException); trying to
    // read that much would not finish in time.
    assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertRejected(file, "header length 4611686018427387904", "exceeds the 2 bytes"));
  }

  @Test
  void headerLengthWithTheTopBitSetIsReadAsUnsigned() throws IOException {
    Path file = RawFiles.write(dir.resolve("negative.safetensors"), -1L, new byte[8],
        new byte[0]);
    assertRejected(file, "header length 18446744073709551615", "exceeds the 8 bytes");
  }

  @Test
  void headerLongerThanTheLimitIsRejectedBeforeItIsRead() throws IOException {
    Path file = dir.resolve("big-header.safetensors");
    long length = Safetensors.MAX_HEADER_BYTES + 8;
    RawFiles.write(file, length, new byte[0], new byte[0]);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(8 + length); // sparse on most file systems: cheap to create
    }
    assertRejected(file, "header length 100000008", "limit of 100000000 bytes");
  }

  @Test
  void emptyHeader() throws IOException {
    Path file = RawFiles.write(dir.resolve("empty-header.safetensors"), "", new byte[0]);
    assertRejected(file, "not valid JSON at byte 0", "found end of input");
  }

  @Test
  void headerThatIsNotUtf8() throws IOException {
    byte[] header = "{\"a\u00e9\":1}".getBytes(StandardCharsets.ISO_8859_1);
    Path file = RawFiles.write(dir.resolve("latin1.safetensors"), header, new byte[0]);
    assertRejected(file, "at byte 4 of the header", "invalid UTF-8");
  }

  @Test
  void headerWithAnEncodedSurrogateIsNotUtf8() throws IOException {
    byte[] header = {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'};
    Path file = RawFiles.write(dir.resolve("surrogate.safetensors"), header, new byte[0]);
    assertRejected(file, "at byte 3 of the header", "invalid UTF-8");
  }

  @Test
  void headerWithASyntaxErrorNamesTheBytePosition() throws IOException {
    Path file = oneTensor("syntax.safetensors", "{\"dtype\":\"F32\",}", 0);
    assertRejected(file, "not valid JSON at byte 20 of the header", "found '}'");
  }

  @Test
  void headerWithTrailingGarbage() throws IOException {
    Path file = RawFiles.write(dir.resolve("trailing.safetensors"), "{} x", new byte[0]);
    assertRejected(file, "at byte 3 of the header", "expected end of input");
  }

  @Test
  void headerWithADuplicateName() throws IOException {
    String entry = "{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}";
    Path file = RawFiles.write(dir.resolve("duplicate.safetensors"),
        "{\"t\":" + entry + ",\"t\":" + entry + "}", new byte[4]);
    assertRejected(file, "duplicate key \"t\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"[] | array", "\"t\" | string", "42 | number",
      "null | null", "true | boolean"})
  void headerThatIsNotAnObject(String header, String type) throws IOException {
    Path file = RawFiles.write(dir.resolve("not-object.safetensors"), header, new byte[0]);
    assertRejected(file, "header is a JSON " + type + ", expected an object");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "dtype        | {\"shape\":[1],\"data_offsets\":[0,4]}",
    "shape        | {\"dtype\":\"F32\",\"data_offsets\":[0,4]}",
    "data_offsets | {\"dtype\":\"F32\",\"shape\":[1]}",
  })
  void tensorEntryLackingAField(String field, String entry) throws IOException {
    Path file = oneTensor("missing-" + field + ".safetensors", entry, 4);
    assertRejected(file, "tensor \"t\" has no \"" + field + "\"");
  }

  @Test
  void tensorEntryThatIsNotAnObject() throws IOException {
    Path file = oneTensor("entry.safetensors", "[\"F32\",[1],[0,4]]", 4);
    assertRejected(file, "tensor \"t\" is described by a JSON array", "expected an object");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}"
        + "      | a dtype that is a JSON number",
    "{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}"
        + " | a shape that is a JSON string",
    "{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}"
        + " | shape element 0 that is a JSON string",
    "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{\"begin\":0}}"
        + " | a data_offsets that is a JSON object",
    "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,null]}"
        + " | data_offsets element 1 that is a JSON null",
  })
  void tensorEntryWithWrongJsonTypes(String entry, String problem) throws IOException {
    Path file = oneTensor("types.safetensors", entry, 4);
    assertRejected(file, "tensor \"t\" has " + problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1e0", "0.5", "99999999999999999999"})
  void tensorEntryWithANonIntegerDimension(String dim) throws IOException {
    Path file = oneTensor("fraction.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[" + dim + "],\"data_offsets\":[0,4]}", 4);
    assertRejected(file, "shape element 0 equal to " + dim, "expected an integer");
  }

  @Test
  void unknownDtype() throws IOException {
    Path file = oneTensor("dtype.safetensors",
        "{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}", 4);
    assertRejected(file, "unknown dtype \"F33\"", "expected one of [BOOL, U8,");
  }

  @Test
  void negativeDimension() throws IOException {
    Path file = oneTensor("negative-dim.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,4]}", 4);
    assertRejected(file, "tensor \"t\" has shape [2, -3] with a negative dimension");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[0]", "[0,4,8]", "[]"})
  void dataOffsetsThatAreNotAPair(String offsets) throws IOException {
    Path file = oneTensor("pair.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}", 8);
    assertRejected(file, "expected [begin, end]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[8,4]", "[-4,0]"})
  void dataOffsetsOutOfOrderOrNegative(String offsets) throws IOException {
    Path file = oneTensor("order.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}", 8);
    assertRejected(file, "tensor \"t\" has data_offsets", "0 <= begin <= end");
  }

  @Test
  void dataOffsetsOutsideTheDataSection() throws IOException {
    Path file = oneTensor("outside.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", 12);
    assertRejected(file, "tensor \"t\" has data_offsets [0, 16]",
        "outside the data section of 12 bytes");
  }

  @Test
  void dataOffsetsFarOutsideTheDataSectionDoNotAllocate() throws IOException {
    long end = 1L << 60;
    Path file = oneTensor("far.safetensors",
        "{\"dtype\":\"U8\",\"shape\":[" + end + "],\"data_offsets\":[0," + end + "]}", 12);
    assertRejected(file, "outside the data section of 12 bytes");
  }

  @Test
  void overlappingTensors() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[12,24]},"
        + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
    Path file = RawFiles.write(dir.resolve("overlap.safetensors"), header, new byte[24]);
    assertRejected(file, "tensors \"b\" (data_offsets [12, 24]) and \"c\" (data_offsets"
        + " [16, 20]) overlap");
  }

  @Test
  void byteSizeThatDisagreesWithTheShape() throws IOException {
    Path file = oneTensor("size.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}", 24);
    assertRejected(file, "tensor \"t\" with dtype F32 and shape [2, 3] needs 24 bytes",
        "data_offsets [0, 20] span 20 bytes");
  }

  @Test
  void byteSizeThatOverflows() throws IOException {
    Path file = oneTensor("overflow.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,0]}", 0);
    assertRejected(file, "shape [4294967296, 4294967296, 4] has a byte size that overflows");
  }

  @Test
  void zeroDimensionMakesAnyShapeEmpty() throws IOException {
    Path file = oneTensor("zero.safetensors",
        "{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,0],\"data_offsets\":[0,0]}", 0);
    assertEquals(0, Safetensors.read(file).floats("t").length);
  }

  @Test
  void metadataValueThatIsNotAString() throws IOException {
    Path file = RawFiles.write(dir.resolve("meta-value.safetensors"),
        "{\"__metadata__\":{\"format\":\"pt\",\"epoch\":12}}", new byte[0]);
    assertRejected(file, "__metadata__ value of key \"epoch\" is a JSON number",
        "expected a string");
  }

  @Test
  void metadataThatIsNotAnObject() throws IOException {
    Path file = RawFiles.write(dir.resolve("meta.safetensors"),
        "{\"__metadata__\":[\"format\",\"pt\"]}", new byte[0]);
    assertRejected(file, "__metadata__ is a JSON array", "expected an object");
  }
}
