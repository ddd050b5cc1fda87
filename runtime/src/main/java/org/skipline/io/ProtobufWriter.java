package org.skipline.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One Protocol Buffers message in the binary wire format, written field by field in the order
 * the caller adds them: enough to encode a message whose schema the caller knows (an ONNX model)
 * without a protobuf library. Each field is a key, {@code (field number << 3) | wire type}, as a
 * varint, then its value: a varint, 4 or 8 little-endian bytes, or a varint length and that many
 * bytes (strings, byte strings and embedded messages).
 *
 * <p>Repeated scalar fields are written one key per value (unpacked), which every parser accepts
 * and which proto2 schemas without {@code [packed = true]}, such as ONNX's, prescribe.
 */
public final class ProtobufWriter {

  /** Wire type of int32, int64, uint64, bool and enum values. */
  static final int VARINT = 0;
  /** Wire type of fixed64, sfixed64 and double values. */
  static final int FIXED64 = 1;
  /** Wire type of strings, bytes, embedded messages and packed repeated fields. */
  static final int LENGTH_DELIMITED = 2;
  /** Wire type of fixed32, sfixed32 and float values. */
  static final int FIXED32 = 5;

  /**
   * The largest message this writer builds: protobuf parsers refuse messages of 2 GB or more,
   * and the buffer is one Java array.
   */
  public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final Buffer bytes = new Buffer();

  /** A byte array stream that copies itself into another without an intermediate array. */
  private static final class Buffer extends ByteArrayOutputStream {
    void appendTo(Buffer other) {
      other.write(buf, 0, count);
    }
  }

  /**
   * An int32, int64, uint64, bool or enum field. A negative value takes ten bytes, as protobuf
   * sign-extends negative int32 values to 64 bits.
   */
  public ProtobufWriter varint(int field, long value) {
    key(field, VARINT);
    writeVarint(value);
    return this;
  }

  /** A float field: its IEEE 754 bits as fixed32. */
  public ProtobufWriter floatValue(int field, float value) {
    return fixed32(field, Float.floatToRawIntBits(value));
  }

  /** A fixed32 field: four bytes, little-endian. */
  public ProtobufWriter fixed32(int field, int value) {
    key(field, FIXED32);
    for (int i = 0; i < 4; i++) {
      bytes.write(value >>> (8 * i));
    }
    return this;
  }

  /** A fixed64 field: eight bytes, little-endian. */
  public ProtobufWriter fixed64(int field, long value) {
    key(field, FIXED64);
    for (int i = 0; i < 8; i++) {
      bytes.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  /** A string field, as UTF-8. */
  public ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A bytes field. */
  public ProtobufWriter bytes(int field, byte[] value) {
    lengthDelimited(field, value.length);
    bytes.writeBytes(value);
    return this;
  }

  /** An embedded message field: the message as it stands now. */
  public ProtobufWriter message(int field, ProtobufWriter message) {
    lengthDelimited(field, message.size());
    message.bytes.appendTo(bytes);
    return this;
  }

  /** Bytes written so far. */
  public int size() {
    return bytes.size();
  }

  /** The message's encoding. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** Writes the message's encoding to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    bytes.writeTo(out);
  }

  private void lengthDelimited(int field, int length) {
    if ((long) size() + length + 2 * 10 > MAX_BYTES) {
      throw new IllegalArgumentException(String.format(
          "a protobuf message holds less than 2 GB; adding %,d bytes to %,d would exceed that",
          length, size()));
    }
    key(field, LENGTH_DELIMITED);
    writeVarint(length);
  }

  private void key(int field, int wireType) {
    if (field < 1 || field > (1 << 29) - 1) {
      throw new IllegalArgumentException("protobuf field numbers run from 1 to 2^29 - 1, got "
          + field);
    }
    writeVarint(((long) field << 3) | wireType);
  }

  /** Seven bits at a time, least significant first, the high bit set on all but the last. */
  private void writeVarint(long value) {
    while ((value & ~0x7FL) != 0) {
      bytes.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    bytes.write((int) value);
  }
}
