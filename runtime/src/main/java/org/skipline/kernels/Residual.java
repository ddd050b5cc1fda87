package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The residual addition out = a + b of an identity or projection shortcut, with an optional fused
 * ReLU. All tensors are flat runs of {@code len} floats (N*C*H*W).
 */
public final class Residual {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Residual() {}

  /**
   * out = a + b, then max(0, .) if relu.
   *
   * @param out output [len], overwritten; may be the same run as {@code a} or {@code b}
   * @param a first summand [len]
   * @param b second summand [len]
   */
  public static void forward(
      float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int len, boolean relu) {
    if (Simd.SCALAR) {
      forwardScalar(out, outOff, a, aOff, b, bOff, len, relu);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector y =
          FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i));
      if (relu) {
        y = y.lanewise(VectorOperators.MAX, 0f);
      }
      y.intoArray(out, outOff + i);
    }
    for (; i < len; i++) {
      float y = a[aOff + i] + b[bOff + i];
      out[outOff + i] = relu ? Math.max(0f, y) : y;
    }
  }

  /**
   * With g = dOut (times (out > 0) if relu): dA (+)= g and dB (+)= g.
   *
   * @param dA gradient of a [len]
   * @param addToA whether to add into {@code dA} or overwrite it
   * @param dB gradient of b [len]
   * @param addToB whether to add into {@code dB} or overwrite it
   * @param dOut output gradient [len]
   * @param out forward output [len]; read only when {@code relu}
   */
  public static void backward(
      float[] dA,
      int dAOff,
      boolean addToA,
      float[] dB,
      int dBOff,
      boolean addToB,
      float[] dOut,
      int dOutOff,
      float[] out,
      int outOff,
      int len,
      boolean relu) {
    if (Simd.SCALAR) {
      backwardScalar(dA, dAOff, addToA, dB, dBOff, addToB, dOut, dOutOff, out, outOff, len, relu);
      return;
    }
    int bound = S.loopBound(len);
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dOut, dOutOff + i);
      if (relu) {
        g =
            zero.blend(
                g, FloatVector.fromArray(S, out, outOff + i).compare(VectorOperators.GT, 0f));
      }
      (addToA ? FloatVector.fromArray(S, dA, dAOff + i).add(g) : g).intoArray(dA, dAOff + i);
      (addToB ? FloatVector.fromArray(S, dB, dBOff + i).add(g) : g).intoArray(dB, dBOff + i);
    }
    for (; i < len; i++) {
      float g = relu && !(out[outOff + i] > 0f) ? 0f : dOut[dOutOff + i];
      dA[dAOff + i] = addToA ? dA[dAOff + i] + g : g;
      dB[dBOff + i] = addToB ? dB[dBOff + i] + g : g;
    }
  }

  /** Scalar reference of {@link #forward}; same arguments and shapes. */
  public static void forwardScalar(
      float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int len, boolean relu) {
    for (int i = 0; i < len; i++) {
      float y = a[aOff + i] + b[bOff + i];
      out[outOff + i] = relu ? Math.max(0f, y) : y;
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(
      float[] dA,
      int dAOff,
      boolean addToA,
      float[] dB,
      int dBOff,
      boolean addToB,
      float[] dOut,
      int dOutOff,
      float[] out,
      int outOff,
      int len,
      boolean relu) {
    for (int i = 0; i < len; i++) {
      float g = relu && !(out[outOff + i] > 0f) ? 0f : dOut[dOutOff + i];
      dA[dAOff + i] = addToA ? dA[dAOff + i] + g : g;
      dB[dBOff + i] = addToB ? dB[dBOff + i] + g : g;
    }
  }
}
