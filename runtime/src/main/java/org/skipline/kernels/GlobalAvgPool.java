package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Global average pooling: the mean of each channel's HW positions.
 *
 * <p>Dimensions: N batch, C channels, HW = H*W positions per channel. Input is [N, C, HW], output
 * is [N, C].
 */
public final class GlobalAvgPool {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private GlobalAvgPool() {}

  /**
   * out[n, c] = mean of in[n, c, :].
   *
   * @param out output [N, C], overwritten
   * @param in input [N, C, HW]
   */
  public static void forward(float[] out, int outOff, float[] in, int inOff, int n, int c, int hw) {
    if (Simd.SCALAR) {
      forwardScalar(out, outOff, in, inOff, n, c, hw);
      return;
    }
    int bound = S.loopBound(hw);
    for (int row = 0; row < n * c; row++) {
      int x = inOff + row * hw;
      FloatVector acc = FloatVector.zero(S);
      int i = 0;
      for (; i < bound; i += S.length()) {
        acc = acc.add(FloatVector.fromArray(S, in, x + i));
      }
      float sum = Simd.sum(acc);
      for (; i < hw; i++) {
        sum += in[x + i];
      }
      out[outOff + row] = sum / hw;
    }
  }

  /**
   * dIn[n, c, :] += dOut[n, c] / HW.
   *
   * @param dIn input gradient [N, C, HW], added into
   * @param dOut output gradient [N, C]
   */
  public static void backward(
      float[] dIn, int dInOff, float[] dOut, int dOutOff, int n, int c, int hw) {
    if (Simd.SCALAR) {
      backwardScalar(dIn, dInOff, dOut, dOutOff, n, c, hw);
      return;
    }
    int bound = S.loopBound(hw);
    for (int row = 0; row < n * c; row++) {
      int x = dInOff + row * hw;
      float g = dOut[dOutOff + row] / hw;
      int i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector.fromArray(S, dIn, x + i).add(g).intoArray(dIn, x + i);
      }
      for (; i < hw; i++) {
        dIn[x + i] += g;
      }
    }
  }

  /** Scalar reference of {@link #forward}; same arguments and shapes. */
  public static void forwardScalar(
      float[] out, int outOff, float[] in, int inOff, int n, int c, int hw) {
    for (int row = 0; row < n * c; row++) {
      float sum = 0f;
      for (int i = 0; i < hw; i++) {
        sum += in[inOff + row * hw + i];
      }
      out[outOff + row] = sum / hw;
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(
      float[] dIn, int dInOff, float[] dOut, int dOutOff, int n, int c, int hw) {
    for (int row = 0; row < n * c; row++) {
      float g = dOut[dOutOff + row] / hw;
      for (int i = 0; i < hw; i++) {
        dIn[dInOff + row * hw + i] += g;
      }
    }
  }
}
