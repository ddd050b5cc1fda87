package org.skipline.io;

/**
 * The element types of the safetensors format, under the names the header uses.
 *
 * <p>Every type is stored little-endian. {@link Safetensors} converts the floating-point types
 * to {@code float} and the integer types to {@code long}; the others can be read from a header
 * and reported, but not converted.
 */
public enum DType {
  /** Boolean, one byte per element. */
  BOOL(1),
  /** Unsigned 8-bit integer. */
  U8(1),
  /** Signed 8-bit integer. */
  I8(1),
  /** 8-bit float with 4 exponent and 3 mantissa bits. */
  F8_E4M3(1),
  /** 8-bit float with 5 exponent and 2 mantissa bits. */
  F8_E5M2(1),
  /** Unsigned 16-bit integer. */
  U16(2),
  /** Signed 16-bit integer. */
  I16(2),
  /** IEEE 754 half precision. */
  F16(2),
  /** Brain float: the upper 16 bits of an IEEE 754 single. */
  BF16(2),
  /** Unsigned 32-bit integer. */
  U32(4),
  /** Signed 32-bit integer. */
  I32(4),
  /** IEEE 754 single precision. */
  F32(4),
  /** Unsigned 64-bit integer. */
  U64(8),
  /** Signed 64-bit integer. */
  I64(8),
  /** IEEE 754 double precision. */
  F64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns the size of one element in bytes.
   *
   * @return 1, 2, 4 or 8
   */
  public int bytes() {
    return bytes;
  }

  /**
   * Returns whether {@link Safetensors#floats} converts this type to {@code float}.
   *
   * @return true for F32, F16, BF16 and F64
   */
  public boolean isFloat() {
    return this == F32 || this == F16 || this == BF16 || this == F64;
  }

  /**
   * Returns whether {@link Safetensors#longs} converts this type to {@code long} exactly.
   *
   * @return true for the signed integers and the unsigned ones narrower than 64 bits
   */
  public boolean isInteger() {
    return this == I64 || this == I32 || this == I16 || this == I8 || this == U32 || this == U16
        || this == U8;
  }
}
