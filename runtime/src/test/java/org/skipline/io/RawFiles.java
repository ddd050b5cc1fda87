package org.skipline.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Builds safetensors files byte by byte, so that tests control every byte a reader sees. */
final class RawFiles {
  private RawFiles() {}

  /** Writes the 8-byte length of {@code header}, the header as UTF-8, then {@code data}. */
  static Path write(Path file, String header, byte[] data) throws IOException {
    return write(file, header.getBytes(StandardCharsets.UTF_8), data);
  }

  /** Writes the 8-byte length of {@code header}, the header bytes, then {@code data}. */
  static Path write(Path file, byte[] header, byte[] data) throws IOException {
    return write(file, header.length, header, data);
  }

  /** Writes a given header length, which may disagree with the header that follows it. */
  static Path write(Path file, long headerLength, byte[] header, byte[] data) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(headerLength).put(header).put(data);
    Files.write(file, buffer.array());
    return file;
  }

  /** Returns little-endian F32 bytes of the values. */
  static byte[] f32(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  /** Returns little-endian 16-bit words, for F16 and BF16 bit patterns. */
  static byte[] u16(int... words) {
    ByteBuffer buffer = ByteBuffer.allocate(2 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      buffer.putShort((short) w);
    }
    return buffer.array();
  }

  /** Returns little-endian F64 bytes of the values. */
  static byte[] f64(double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      buffer.putDouble(v);
    }
    return buffer.array();
  }

  /** Returns little-endian I64 bytes of the values. */
  static byte[] i64(long... values) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      buffer.putLong(v);
    }
    return buffer.array();
  }

  /** Returns little-endian I32 bytes of the values. */
  static byte[] i32(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      buffer.putInt(v);
    }
    return buffer.array();
  }

  /** Decodes hexadecimal text, ignoring spaces, as printed by a hex dump. */
  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }
}
