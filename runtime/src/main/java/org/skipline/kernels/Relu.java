package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A ReLU on its own, {@code out = max(0, in)}, for the units that rectify without a batch norm or
 * an addition to fuse it into (the paper's ReLU-only pre-activation). All tensors are flat runs of
 * {@code len} floats (N*C*H*W).
 */
public final class Relu {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Relu() {}

  /**
   * out = max(0, in).
   *
   * @param out output [len], overwritten
   * @param in input [len]
   */
  public static void forward(float[] out, int outOff, float[] in, int inOff, int len) {
    if (Simd.SCALAR) {
      forwardScalar(out, outOff, in, inOff, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, in, inOff + i).lanewise(VectorOperators.MAX, 0f)
          .intoArray(out, outOff + i);
    }
    for (; i < len; i++) {
      out[outOff + i] = Math.max(0f, in[inOff + i]);
    }
  }

  /**
   * dIn (+)= dOut where out > 0, else 0 (+ dIn).
   *
   * @param dIn input gradient [len]
   * @param addToIn whether to add into {@code dIn} or overwrite it
   * @param dOut output gradient [len]
   * @param out forward output [len]
   */
  public static void backward(float[] dIn, int dInOff, boolean addToIn, float[] dOut,
      int dOutOff, float[] out, int outOff, int len) {
    if (Simd.SCALAR) {
      backwardScalar(dIn, dInOff, addToIn, dOut, dOutOff, out, outOff, len);
      return;
    }
    int bound = S.loopBound(len);
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector g = zero.blend(FloatVector.fromArray(S, dOut, dOutOff + i),
          FloatVector.fromArray(S, out, outOff + i).compare(VectorOperators.GT, 0f));
      (addToIn ? FloatVector.fromArray(S, dIn, dInOff + i).add(g) : g)
          .intoArray(dIn, dInOff + i);
    }
    for (; i < len; i++) {
      float g = out[outOff + i] > 0f ? dOut[dOutOff + i] : 0f;
      dIn[dInOff + i] = addToIn ? dIn[dInOff + i] + g : g;
    }
  }

  /** Scalar reference of {@link #forward}; same arguments and shapes. */
  public static void forwardScalar(float[] out, int outOff, float[] in, int inOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = Math.max(0f, in[inOff + i]);
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(float[] dIn, int dInOff, boolean addToIn, float[] dOut,
      int dOutOff, float[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      float g = out[outOff + i] > 0f ? dOut[dOutOff + i] : 0f;
      dIn[dInOff + i] = addToIn ? dIn[dInOff + i] + g : g;
    }
  }
}
