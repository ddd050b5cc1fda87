package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The wire format against bytes worked out by hand from the protobuf encoding rules: keys,
 * varints of one, two and ten bytes, little-endian fixed32 and fixed64, and length-delimited
 * strings and embedded messages.
 */
class ProtobufWriterTest {

  /** Bytes from a list of ints, each 0-255, for readable expectations. */
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void varintsTakeSevenBitsPerByteLeastSignificantFirst() {
    assertArrayEquals(bytes(0x08, 0x00), new ProtobufWriter().varint(1, 0).toByteArray());
    assertArrayEquals(bytes(0x08, 0x7F), new ProtobufWriter().varint(1, 127).toByteArray());
    // 150 = 0b1_0010110: 0x96 (low seven bits and the continuation bit), then 0x01.
    assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtobufWriter().varint(1, 150)
        .toByteArray());
    assertArrayEquals(bytes(0x08, 0xAC, 0x02), new ProtobufWriter().varint(1, 300)
        .toByteArray());
    // A negative value is its 64-bit two's complement: nine bytes of 0xFF, then 0x01.
    assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
        new ProtobufWriter().varint(1, -1).toByteArray());
  }

  @Test
  void keysCarryTheFieldNumberAndWireType() {
    // Field 20, varint: 20 << 3 = 160 = 0xA0 0x01.
    assertArrayEquals(bytes(0xA0, 0x01, 0x07), new ProtobufWriter().varint(20, 7)
        .toByteArray());
    // Field 14, length-delimited: (14 << 3) | 2 = 0x72.
    assertArrayEquals(bytes(0x72, 0x01, 0x61), new ProtobufWriter().string(14, "a")
        .toByteArray());
    assertThrows(IllegalArgumentException.class, () -> new ProtobufWriter().varint(0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new ProtobufWriter().varint(1 << 29, 1));
  }

  @Test
  void fixedWidthValuesAreLittleEndian() {
    // 1e-5f is 0x3727C5AC; field 2, wire type 5: 0x15.
    assertArrayEquals(bytes(0x15, 0xAC, 0xC5, 0x27, 0x37),
        new ProtobufWriter().floatValue(2, 1e-5f).toByteArray());
    assertArrayEquals(bytes(0x0D, 0x78, 0x56, 0x34, 0x12),
        new ProtobufWriter().fixed32(1, 0x12345678).toByteArray());
    assertArrayEquals(bytes(0x09, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01),
        new ProtobufWriter().fixed64(1, 0x0102030405060708L).toByteArray());
  }

  @Test
  void stringsAndMessagesArePrefixedWithTheirLength() throws IOException {
    assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
        new ProtobufWriter().string(2, "testing").toByteArray());
    // UTF-8: "é" is two bytes.
    assertArrayEquals(bytes(0x0A, 0x02, 0xC3, 0xA9),
        new ProtobufWriter().string(1, "\u00e9").toByteArray());
    ProtobufWriter inner = new ProtobufWriter().varint(1, 150);
    ProtobufWriter outer = new ProtobufWriter().message(3, inner).bytes(4, new byte[0]);
    byte[] expected = bytes(0x1A, 0x03, 0x08, 0x96, 0x01, 0x22, 0x00);
    assertArrayEquals(expected, outer.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    outer.writeTo(out);
    assertArrayEquals(expected, out.toByteArray());
  }

  @Test
  void aLengthOfTwoHundredBytesTakesATwoByteVarint() {
    byte[] value = new byte[200];
    byte[] encoded = new ProtobufWriter().bytes(1, value).toByteArray();
    assertArrayEquals(bytes(0x0A, 0xC8, 0x01), java.util.Arrays.copyOf(encoded, 3));
    assertArrayEquals(value, java.util.Arrays.copyOfRange(encoded, 3, encoded.length));
  }
}
