package org.skipline.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over tensors: name, dtype and shape, then the little-endian data bytes. */
final class TensorDigest {
  private final MessageDigest sha;

  TensorDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  void header(String name, DType dtype, long[] shape) {
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(dtype.name().getBytes(StandardCharsets.US_ASCII));
    ByteBuffer dims = ByteBuffer.allocate(Long.BYTES * (shape.length + 1));
    dims.putLong(shape.length);
    for (long d : shape) {
      dims.putLong(d);
    }
    sha.update(dims.flip());
  }

  void data(ByteBuffer bytes) {
    sha.update(bytes);
  }

  String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }
}
