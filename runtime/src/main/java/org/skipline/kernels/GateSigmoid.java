package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A gating shortcut's gate after its 1x1 convolution: {@code out = sigmoid(in + bias[c])} over
 * tensors {@code (N,C,H,W)}, {@code hw = H*W}, for the channels {@code [first, end)}. The
 * forward pass is scalar in both forms: the vector exponential is not {@link Math#exp} to the
 * bit, and the gate is a small share of a unit's work.
 */
public final class GateSigmoid {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private GateSigmoid() {}

  /**
   * out = sigmoid(in + bias).
   *
   * @param out output [N,C,H,W], overwritten for the channels [first, end)
   * @param bias [C]
   */
  public static void forward(float[] out, int outOff, float[] in, int inOff, float[] bias,
      int biasOff, int n, int c, int hw, int first, int end) {
    forwardScalar(out, outOff, in, inOff, bias, biasOff, n, c, hw, first, end);
  }

  /**
   * With t = dOut * out * (1 - out), the gradient of the sigmoid's argument: dIn (+)= t and
   * dBias[c] += the sum of t over the images and pixels of channel c, images in order, each's
   * pixels in order.
   *
   * @param addToIn whether to add into {@code dIn} or overwrite it
   * @param out the forward output [N,C,H,W]
   */
  public static void backward(float[] dIn, int dInOff, boolean addToIn, float[] dBias,
      int dBiasOff, float[] dOut, int dOutOff, float[] out, int outOff, int n, int c, int hw,
      int first, int end) {
    if (Simd.SCALAR) {
      backwardScalar(dIn, dInOff, addToIn, dBias, dBiasOff, dOut, dOutOff, out, outOff, n, c, hw,
          first, end);
      return;
    }
    int bound = S.loopBound(hw);
    float[] lanes = new float[S.length()];
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int ch = first; ch < end; ch++) {
      double sum = 0;
      for (int img = 0; img < n; img++) {
        int base = (img * c + ch) * hw;
        int i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector y = FloatVector.fromArray(S, out, outOff + base + i);
          FloatVector t = FloatVector.fromArray(S, dOut, dOutOff + base + i)
              .mul(y.mul(one.sub(y)));
          (addToIn ? FloatVector.fromArray(S, dIn, dInOff + base + i).add(t) : t)
              .intoArray(dIn, dInOff + base + i);
          // The bias sum runs element by element, in the scalar reference's order.
          t.intoArray(lanes, 0);
          for (float lane : lanes) {
            sum += lane;
          }
        }
        for (; i < hw; i++) {
          float y = out[outOff + base + i];
          float t = dOut[dOutOff + base + i] * (y * (1f - y));
          sum = store(dIn, dInOff + base + i, addToIn, t, sum);
        }
      }
      dBias[dBiasOff + ch] += (float) sum;
    }
  }

  private static double store(float[] dIn, int at, boolean addToIn, float t, double sum) {
    dIn[at] = addToIn ? dIn[at] + t : t;
    return sum + t;
  }

  /** Scalar reference of {@link #forward}; same arguments and shapes. */
  public static void forwardScalar(float[] out, int outOff, float[] in, int inOff, float[] bias,
      int biasOff, int n, int c, int hw, int first, int end) {
    for (int img = 0; img < n; img++) {
      for (int ch = first; ch < end; ch++) {
        float b = bias[biasOff + ch];
        int base = (img * c + ch) * hw;
        for (int i = 0; i < hw; i++) {
          out[outOff + base + i] = sigmoid(in[inOff + base + i] + b);
        }
      }
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(float[] dIn, int dInOff, boolean addToIn, float[] dBias,
      int dBiasOff, float[] dOut, int dOutOff, float[] out, int outOff, int n, int c, int hw,
      int first, int end) {
    for (int ch = first; ch < end; ch++) {
      double sum = 0;
      for (int img = 0; img < n; img++) {
        int base = (img * c + ch) * hw;
        for (int i = 0; i < hw; i++) {
          float y = out[outOff + base + i];
          float t = dOut[dOutOff + base + i] * (y * (1f - y));
          sum = store(dIn, dInOff + base + i, addToIn, t, sum);
        }
      }
      dBias[dBiasOff + ch] += (float) sum;
    }
  }

  /** {@code 1 / (1 + e^-x)} in float, the exponential in double. */
  public static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }
}
