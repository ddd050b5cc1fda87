package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fully connected classifier layer: out = in * W^T + b.
 *
 * <p>Dimensions: N batch, C input features, K output features (classes). Input is [N, C], output
 * [N, K], weights W [K, C] and bias b [K] live in one parameter array at separate offsets.
 */
public final class FullyConnected {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private FullyConnected() {}

  /**
   * out = in * W^T + b.
   *
   * @param out output [N, K], overwritten
   * @param in input [N, C]
   * @param params holds W [K, C] at {@code wOff} and b [K] at {@code bOff}
   */
  public static void forward(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] params,
      int wOff,
      int bOff,
      int n,
      int c,
      int k) {
    if (Simd.SCALAR) {
      forwardScalar(out, outOff, in, inOff, params, wOff, bOff, n, c, k);
      return;
    }
    // Start every row at the bias; Gemm then accumulates the product onto it.
    for (int img = 0; img < n; img++) {
      System.arraycopy(params, bOff, out, outOff + img * k, k);
    }
    Gemm.nt(out, outOff, in, inOff, params, wOff, n, k, c);
  }

  /**
   * dW += dOut^T * in, db += column sums of dOut, and dIn += dOut * W if {@code dIn} is not null.
   *
   * @param dIn input gradient [N, C], added into; may be null
   * @param grads holds dW [K, C] at {@code dWOff} and db [K] at {@code dBOff}, added into
   * @param dOut output gradient [N, K]
   * @param in forward input [N, C]
   * @param params holds W [K, C] at {@code wOff}
   */
  public static void backward(
      float[] dIn,
      int dInOff,
      float[] grads,
      int dWOff,
      int dBOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] params,
      int wOff,
      int n,
      int c,
      int k) {
    if (Simd.SCALAR) {
      backwardScalar(
          dIn, dInOff, grads, dWOff, dBOff, dOut, dOutOff, in, inOff, params, wOff, n, c, k);
      return;
    }
    Gemm.tn(grads, dWOff, dOut, dOutOff, in, inOff, k, c, n);
    int bound = S.loopBound(k);
    for (int img = 0; img < n; img++) {
      int d = dOutOff + img * k;
      int j = 0;
      for (; j < bound; j += S.length()) {
        FloatVector.fromArray(S, grads, dBOff + j)
            .add(FloatVector.fromArray(S, dOut, d + j))
            .intoArray(grads, dBOff + j);
      }
      for (; j < k; j++) {
        grads[dBOff + j] += dOut[d + j];
      }
    }
    if (dIn != null) {
      Gemm.nn(dIn, dInOff, dOut, dOutOff, params, wOff, n, c, k);
    }
  }

  /** Scalar reference of {@link #forward}; same arguments and shapes. */
  public static void forwardScalar(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] params,
      int wOff,
      int bOff,
      int n,
      int c,
      int k) {
    for (int img = 0; img < n; img++) {
      for (int j = 0; j < k; j++) {
        float sum = 0f;
        for (int i = 0; i < c; i++) {
          sum += in[inOff + img * c + i] * params[wOff + j * c + i];
        }
        out[outOff + img * k + j] = params[bOff + j] + sum;
      }
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(
      float[] dIn,
      int dInOff,
      float[] grads,
      int dWOff,
      int dBOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] params,
      int wOff,
      int n,
      int c,
      int k) {
    for (int img = 0; img < n; img++) {
      for (int j = 0; j < k; j++) {
        float g = dOut[dOutOff + img * k + j];
        grads[dBOff + j] += g;
        for (int i = 0; i < c; i++) {
          grads[dWOff + j * c + i] += g * in[inOff + img * c + i];
          if (dIn != null) {
            dIn[dInOff + img * c + i] += g * params[wOff + j * c + i];
          }
        }
      }
    }
  }
}
