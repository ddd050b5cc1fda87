package org.skipline.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation per channel over N*H*W, with an optional fused ReLU on the output.
 *
 * <p>Dimensions: N batch, C channels, HW = H*W positions per channel, M = N*HW values per channel.
 * Tensors are [N, C, HW]; gamma, beta, mean and inverse standard deviation are [C]. Running
 * statistics are [2, C]: running mean then running variance. Cached batch statistics are [2, C]:
 * batch mean then 1/sqrt(biased variance + {@link #EPS}).
 *
 * <p>Every per-channel sum (mean, variance, sum(g), sum(g * (x - mean))) is accumulated in double.
 * The vector kernels add at most {@link #CHUNK} vectors per lane in float, then widen those lanes
 * into double lanes, which are summed in lane order once per channel. Each float partial thus
 * holds only a few terms: a float lane running over a whole row (256 terms per lane for a 32x32
 * image at 128 bits) lost up to about 256 ulps of the sum of magnitudes, which matters when a
 * channel's sum(g) nearly cancels. Widening whole vectors, rather than adding each chunk's lanes
 * one by one into a double, avoids a long chain of dependent additions (training forward: 37 ->
 * 73 GB/s). The order of additions is fixed, so results are reproducible bit for bit. The
 * variance is not E[x^2] - E[x]^2, which cancels catastrophically when the mean is large against
 * the spread: the sums are of deviations from a pivot near the mean (the first image's mean of
 * the channel), so that one pass gives both, and only the pivot's distance from the batch mean
 * cancels.
 */
public final class BatchNorm {

  /** Added to the variance before the square root, as in PyTorch's default. */
  public static final float EPS = 1e-5f;

  /** Weight of the batch statistic in the running average, as in PyTorch's default. */
  public static final double MOMENTUM = 0.1;

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  /** Double lanes of the same width, half as many: the accumulators of the channel sums. */
  private static final VectorSpecies<Double> D =
      VectorSpecies.of(double.class, S.vectorShape());

  /**
   * Vectors added per lane in float before the lanes are widened into the double sums. Four keeps
   * each float partial within a few ulps of its terms while the widening (two conversions and two
   * additions per four vectors) stays a small part of the work.
   */
  static final int CHUNK = 4;

  /** See {@link #channelsPerBlock}: 4 KB, the length of a 32 x 32 row. */
  static final int BLOCK_FLOATS = 256;

  private BatchNorm() {}

  /**
   * Training-mode forward: normalise with the batch statistics, cache them, and update the running
   * statistics (running = 0.9 * running + 0.1 * batch, with the unbiased variance).
   *
   * @param out output [N, C, HW], overwritten; null for {@link #statisticsTraining}
   * @param stats cached statistics [2, C], overwritten: mean, then 1/sqrt(var + eps)
   * @param running running statistics [2, C], updated: mean, then variance
   * @param in input [N, C, HW]
   * @param params holds gamma [C] at {@code gammaOff} and beta [C] at {@code betaOff}
   * @param relu whether to apply max(0, .) to the output
   * @param firstChannel first channel to compute; with {@code endChannel}, the range this call
   *     reads and writes, so that disjoint ranges can run on different threads
   * @param endChannel one past the last channel to compute ({@code c} for all)
   */
  public static void forwardTraining(
      float[] out,
      int outOff,
      float[] stats,
      int statsOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    if (Simd.SCALAR) {
      forwardTrainingScalar(
          out,
          outOff,
          stats,
          statsOff,
          running,
          runningOff,
          in,
          inOff,
          params,
          gammaOff,
          betaOff,
          n,
          c,
          hw,
          relu,
          firstChannel,
          endChannel);
      return;
    }
    int m = n * hw;
    int block = channelsPerBlock(hw);
    float[] pivots = new float[block];
    double[] sums = new double[block];
    double[] squares = new double[block];
    double[] partials = new double[block * 6 * D.length()];
    Constants k = Constants.ofThread(block);
    for (int first = firstChannel; first < endChannel; first += block) {
      int end = Math.min(endChannel, first + block);
      // Deviations from the first image's mean of each channel, which is close to the batch's:
      // a variance from their sum and sum of squares loses only the digits of (mean - pivot)^2
      // against the variance, and one pass over the channels serves both sums.
      Arrays.fill(pivots, 0f);
      channelMoments(in, inOff, c, hw, 1, first, end, pivots, partials, sums, squares);
      for (int ch = first; ch < end; ch++) {
        pivots[ch - first] = (float) (sums[ch - first] / hw);
      }
      channelMoments(in, inOff, c, hw, n, first, end, pivots, partials, sums, squares);
      for (int ch = first; ch < end; ch++) {
        int b = ch - first;
        double offset = sums[b] / m;
        double mean = pivots[b] + offset;
        double var = Math.max(0, squares[b] / m - offset * offset);
        stats[statsOff + ch] = (float) mean;
        stats[statsOff + c + ch] = (float) (1.0 / Math.sqrt(var + EPS));
        updateRunning(running, runningOff, c, ch, mean, var, m);
      }
      if (out != null) {
        normaliseWithStatistics(out, outOff, stats, statsOff, in, inOff, params, gammaOff,
            betaOff, n, c, hw, relu, first, end, k);
      }
    }
  }

  /**
   * {@link #forwardTraining} without its output: the batch statistics cached and the running
   * statistics updated, for a batch norm whose reader applies it to its input as it reads it
   * ({@link #recomputeTraining} of a few images at a time), so that the normalised tensor is
   * never written out.
   */
  public static void statisticsTraining(
      float[] stats,
      int statsOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      int n,
      int c,
      int hw,
      int firstChannel,
      int endChannel) {
    forwardTraining(null, 0, stats, statsOff, running, runningOff, in, inOff, null, 0, 0, n, c,
        hw, false, firstChannel, endChannel);
  }

  /**
   * Normalises channels [first, end), one block of {@link #channelsPerBlock}, with the batch
   * statistics in {@code stats}: the training forward's output, which {@link #recomputeTraining}
   * writes again from the same numbers.
   */
  private static void normaliseWithStatistics(float[] out, int outOff, float[] stats,
      int statsOff, float[] in, int inOff, float[] params, int gammaOff, int betaOff, int n,
      int c, int hw, boolean relu, int first, int end, Constants k) {
    for (int ch = first; ch < end; ch++) {
      int b = ch - first;
      k.means[b] = stats[statsOff + ch];
      k.scales[b] = params[gammaOff + ch] * stats[statsOff + c + ch];
      k.betas[b] = params[betaOff + ch];
    }
    normalise(out, outOff, in, inOff, n, c, hw, first, end, k.means, k.scales, k.betas, relu, 0,
        hw);
  }

  /**
   * Writes again what {@link #forwardTraining} wrote to {@code out}, to the same bits, from its
   * input and the statistics it cached in {@code stats}, for a backward pass that did not keep
   * it; running statistics are left alone. Same arguments and shapes as {@link #forwardTraining}.
   */
  public static void recomputeTraining(
      float[] out,
      int outOff,
      float[] stats,
      int statsOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    if (Simd.SCALAR) {
      recomputeTrainingScalar(out, outOff, stats, statsOff, in, inOff, params, gammaOff, betaOff,
          n, c, hw, relu, firstChannel, endChannel);
      return;
    }
    int block = channelsPerBlock(hw);
    Constants k = Constants.ofThread(block);
    for (int first = firstChannel; first < endChannel; first += block) {
      normaliseWithStatistics(out, outOff, stats, statsOff, in, inOff, params, gammaOff, betaOff,
          n, c, hw, relu, first, Math.min(endChannel, first + block), k);
    }
  }

  /** Scalar reference of {@link #recomputeTraining}; same arguments and shapes. */
  public static void recomputeTrainingScalar(
      float[] out,
      int outOff,
      float[] stats,
      int statsOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    for (int ch = firstChannel; ch < endChannel; ch++) {
      normaliseScalar(out, outOff, in, inOff, params, gammaOff, betaOff, n, c, hw, relu, ch,
          stats[statsOff + ch], stats[statsOff + c + ch], 0, hw);
    }
  }

  /**
   * Channels that the vector kernels take together, image by image, so that each image's part of
   * them is one run of at least {@link #BLOCK_FLOATS} floats: rows of a few dozen floats, one
   * channel at a time, each a jump to another image, ran at a fifth of the speed of long ones.
   */
  private static int channelsPerBlock(int hw) {
    return Math.max(1, BLOCK_FLOATS / hw);
  }

  /**
   * out = (x - mean) * scale + beta, then max(0, .) if relu, for pixels [from, to) of channels
   * [first, end) of every image, image by image; the constants of channel {@code first + b} at
   * index b. {@link #backward} repeats this arithmetic to find the ReLU's mask. Subtracting the
   * mean first matters: folding it into a shift (x * scale + shift) cancels badly when a
   * channel's variance is tiny and scale is in the hundreds.
   */
  private static void normalise(float[] out, int outOff, float[] in, int inOff, int n, int c,
      int hw, int first, int end, float[] means, float[] scales, float[] betas, boolean relu,
      int from, int to) {
    int bound = from + S.loopBound(to - from);
    int channels = end - first;
    // One loop over the rows, image by image, rather than a loop over images around one over
    // channels, which C2 compiled into slower code for one channel per block.
    for (int r = 0, img = 0, b = 0; r < n * channels; r++) {
      int row = (img * c + first + b) * hw;
      float mean = means[b];
      float scale = scales[b];
      float beta = betas[b];
      int i = from;
      for (; i < bound; i += S.length()) {
        FloatVector y = FloatVector.fromArray(S, in, inOff + row + i).sub(mean).fma(scale, beta);
        if (relu) {
          y = y.lanewise(VectorOperators.MAX, 0f);
        }
        y.intoArray(out, outOff + row + i);
      }
      for (; i < to; i++) {
        float y = Math.fma(in[inOff + row + i] - mean, scale, beta);
        out[outOff + row + i] = relu ? Math.max(0f, y) : y;
      }
      if (++b == channels) {
        b = 0;
        img++;
      }
    }
  }

  /**
   * Evaluation-mode forward: normalise with the running statistics, which are left unchanged.
   *
   * @param out output [N, C, HW], overwritten
   * @param running running statistics [2, C]: mean, then variance
   * @param in input [N, C, HW]
   * @param params holds gamma [C] at {@code gammaOff} and beta [C] at {@code betaOff}
   * @param relu whether to apply max(0, .) to the output
   * @param firstChannel first channel to compute; with {@code endChannel}, the range this call
   *     reads and writes, so that disjoint ranges can run on different threads
   * @param endChannel one past the last channel to compute ({@code c} for all)
   */
  public static void forwardEvaluation(
      float[] out,
      int outOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    if (Simd.SCALAR) {
      forwardEvaluationScalar(
          out, outOff, running, runningOff, in, inOff, params, gammaOff, betaOff, n, c, hw, relu,
          firstChannel, endChannel);
      return;
    }
    int block = channelsPerBlock(hw);
    for (int first = firstChannel; first < endChannel; first += block) {
      int end = Math.min(endChannel, first + block);
      Constants k = Constants.ofThread(block)
          .fromRunning(running, runningOff, params, gammaOff, betaOff, c, first, end);
      normalise(out, outOff, in, inOff, n, c, hw, first, end, k.means, k.scales, k.betas, relu, 0,
          hw);
    }
  }

  /**
   * {@link #forwardEvaluation} of pixels [firstPixel, endPixel) of every channel of one image, so
   * that threads can share an image by bands of pixels, each keeping the band it writes in its
   * own cache for the next layer's band (see {@link Conv2d#forwardRows}). Each output comes out
   * as {@link #forwardEvaluation} computes it.
   *
   * @param out one output image [C, HW], pixels [firstPixel, endPixel) of each channel overwritten
   * @param in one image [C, HW]
   */
  public static void forwardEvaluationPixels(
      float[] out,
      int outOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int c,
      int hw,
      boolean relu,
      int firstPixel,
      int endPixel) {
    if (Simd.SCALAR) {
      for (int ch = 0; ch < c; ch++) {
        float invStd = runningInvStd(running, runningOff, c, ch);
        normaliseScalar(out, outOff, in, inOff, params, gammaOff, betaOff, 1, c, hw, relu, ch,
            running[runningOff + ch], invStd, firstPixel, endPixel);
      }
      return;
    }
    Constants k = Constants.ofThread(c)
        .fromRunning(running, runningOff, params, gammaOff, betaOff, c, 0, c);
    normalise(out, outOff, in, inOff, 1, c, hw, 0, c, k.means, k.scales, k.betas, relu,
        firstPixel, endPixel);
  }

  /** 1 / sqrt(running variance + eps) of channel {@code ch}, as evaluation normalises with it. */
  private static float runningInvStd(float[] running, int runningOff, int c, int ch) {
    return (float) (1.0 / Math.sqrt(running[runningOff + c + ch] + (double) EPS));
  }

  /**
   * The constants {@link #normalise} takes, channel {@code first + b}'s at index b, in arrays kept
   * per thread and grown to the most channels seen. A one-image evaluation pass makes hundreds of
   * calls of a few microseconds, and three new arrays for each made a young collection of 1-3 ms
   * every few seconds.
   */
  private static final class Constants {
    private static final ThreadLocal<Constants> OF_THREAD = ThreadLocal.withInitial(Constants::new);

    float[] means = new float[0];
    float[] scales = new float[0];
    float[] betas = new float[0];

    /** This thread's constants, with room for {@code channels}; the caller sets the values. */
    static Constants ofThread(int channels) {
      Constants k = OF_THREAD.get();
      if (k.means.length < channels) {
        k.means = new float[channels];
        k.scales = new float[channels];
        k.betas = new float[channels];
      }
      return k;
    }

    /** Sets channels [first, end) from the running statistics, as evaluation uses them. */
    Constants fromRunning(float[] running, int runningOff, float[] params, int gammaOff,
        int betaOff, int c, int first, int end) {
      for (int ch = first; ch < end; ch++) {
        int b = ch - first;
        means[b] = running[runningOff + ch];
        float invStd = runningInvStd(running, runningOff, c, ch);
        scales[b] = params[gammaOff + ch] * invStd;
        betas[b] = params[betaOff + ch];
      }
      return this;
    }
  }

  /**
   * Training-mode backward through the batch statistics. With g the upstream gradient (masked by
   * out > 0 when {@code relu}) and xhat = (x - mean) * invStd: dGamma += sum(g * xhat), dBeta +=
   * sum(g), dIn += gamma * invStd / M * (M * g - sum(g) - xhat * sum(g * xhat)).
   *
   * <p>The ReLU's mask is recomputed from the input, with the forward pass's own arithmetic, so
   * that the output need not be read: this pass is bound by memory, and every stream counts.
   *
   * @param dIn input gradient [N, C, HW]
   * @param accumulate whether to add into {@code dIn} or overwrite it
   * @param grads holds dGamma [C] at {@code dGammaOff} and dBeta [C] at {@code dBetaOff}, added
   *     into
   * @param dOut output gradient [N, C, HW]
   * @param in forward input [N, C, HW]
   * @param stats statistics [2, C] cached by {@link #forwardTraining}
   * @param params holds gamma [C] at {@code gammaOff} and beta [C] at {@code betaOff}
   * @param relu whether the forward pass applied a ReLU
   * @param firstChannel first channel to compute; with {@code endChannel}, the range this call
   *     reads and writes, so that disjoint ranges can run on different threads
   * @param endChannel one past the last channel to compute ({@code c} for all)
   */
  public static void backward(
      float[] dIn,
      int dInOff,
      boolean accumulate,
      float[] grads,
      int dGammaOff,
      int dBetaOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] stats,
      int statsOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    if (Simd.SCALAR) {
      backwardScalar(
          dIn, dInOff, accumulate, grads, dGammaOff, dBetaOff, dOut, dOutOff, in, inOff, stats,
          statsOff, params, gammaOff, betaOff, n, c, hw, relu, firstChannel, endChannel);
      return;
    }
    int m = n * hw;
    int bound = S.loopBound(hw);
    int lanes = S.length();
    int dl = D.length();
    FloatVector zero = FloatVector.zero(S);
    int block = channelsPerBlock(hw);
    // Per channel of a block: the lane sums of g and g * (x - mean), low and high halves, then
    // the sums of the rows' tails.
    double[] partials = new double[block * 6 * dl];
    float[] means = new float[block];
    float[] invStds = new float[block];
    float[] scales = new float[block];
    float[] betas = new float[block];
    float[] as = new float[block];
    float[] bs = new float[block];
    float[] es = new float[block];
    int chunk = CHUNK * lanes;
    for (int first = firstChannel; first < endChannel; first += block) {
      int end = Math.min(endChannel, first + block);
      Arrays.fill(partials, 0);
      for (int ch = first; ch < end; ch++) {
        int b = ch - first;
        means[b] = stats[statsOff + ch];
        invStds[b] = stats[statsOff + c + ch];
        // The forward pass's output before its ReLU is (x - mean) * scale + beta.
        scales[b] = params[gammaOff + ch] * invStds[b];
        betas[b] = params[betaOff + ch];
      }
      for (int img = 0; img < n; img++) {
        for (int ch = first; ch < end; ch++) {
          int b = ch - first;
          float mean = means[b];
          float scale = scales[b];
          float beta = betas[b];
          int sums = b * 6 * dl;
          DoubleVector gLow = DoubleVector.fromArray(D, partials, sums);
          DoubleVector gHigh = DoubleVector.fromArray(D, partials, sums + dl);
          DoubleVector gxLow = DoubleVector.fromArray(D, partials, sums + 2 * dl);
          DoubleVector gxHigh = DoubleVector.fromArray(D, partials, sums + 3 * dl);
          int row = (img * c + ch) * hw;
          int d = dOutOff + row;
          int x = inOff + row;
          for (int start = 0; start < bound; start += chunk) {
            FloatVector vg = zero;
            FloatVector vgx = zero;
            // CHUNK vectors, the last chunk of a row cut short by the test: a loop of constant
            // length, which C2 unrolls (a loop to min(bound, start + chunk) ran twice as long).
            for (int u = 0; u < CHUNK; u++) {
              int i = start + u * lanes;
              if (i < bound) {
                FloatVector g = FloatVector.fromArray(S, dOut, d + i);
                FloatVector xm = FloatVector.fromArray(S, in, x + i).sub(mean);
                if (relu) {
                  g = zero.blend(g, xm.fma(scale, beta).compare(VectorOperators.GT, 0f));
                }
                vg = vg.add(g);
                vgx = g.fma(xm, vgx);
              }
            }
            gLow = gLow.add(vg.convertShape(VectorOperators.F2D, D, 0));
            gHigh = gHigh.add(vg.convertShape(VectorOperators.F2D, D, 1));
            gxLow = gxLow.add(vgx.convertShape(VectorOperators.F2D, D, 0));
            gxHigh = gxHigh.add(vgx.convertShape(VectorOperators.F2D, D, 1));
          }
          gLow.intoArray(partials, sums);
          gHigh.intoArray(partials, sums + dl);
          gxLow.intoArray(partials, sums + 2 * dl);
          gxHigh.intoArray(partials, sums + 3 * dl);
          for (int i = bound; i < hw; i++) {
            float xm = in[x + i] - mean;
            float g = relu && !(Math.fma(xm, scale, beta) > 0f) ? 0f : dOut[d + i];
            partials[sums + 4 * dl] += g;
            partials[sums + 4 * dl + 1] += (double) g * xm;
          }
        }
      }
      for (int ch = first; ch < end; ch++) {
        int b = ch - first;
        int sums = b * 6 * dl;
        double sumG = partials[sums + 4 * dl] + Simd.sumLanes(partials, sums);
        double sumGx = partials[sums + 4 * dl + 1] + Simd.sumLanes(partials, sums + 2 * dl);
        float invStd = invStds[b];
        float gamma = params[gammaOff + ch];
        // sum(g * xhat) = invStd * sum(g * (x - mean)).
        sumGx *= invStd;
        grads[dGammaOff + ch] += (float) sumGx;
        grads[dBetaOff + ch] += (float) sumG;
        // dIn (+)= a * g + b * (x - mean) + e, the formula above with its constants folded.
        double coef = (double) gamma * invStd / m;
        as[b] = gamma * invStd;
        bs[b] = (float) (-coef * sumGx * invStd);
        es[b] = (float) (-coef * sumG);
      }
      for (int img = 0; img < n; img++) {
        for (int ch = first; ch < end; ch++) {
          int b = ch - first;
          float mean = means[b];
          float scale = scales[b];
          float beta = betas[b];
          FloatVector va = FloatVector.broadcast(S, as[b]);
          float bb = bs[b];
          float e = es[b];
          int row = (img * c + ch) * hw;
          int di = dInOff + row;
          int d = dOutOff + row;
          int x = inOff + row;
          int i = 0;
          for (; i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(S, dOut, d + i);
            FloatVector xm = FloatVector.fromArray(S, in, x + i).sub(mean);
            if (relu) {
              g = zero.blend(g, xm.fma(scale, beta).compare(VectorOperators.GT, 0f));
            }
            FloatVector delta = g.fma(va, xm.fma(bb, e));
            if (accumulate) {
              delta = delta.add(FloatVector.fromArray(S, dIn, di + i));
            }
            delta.intoArray(dIn, di + i);
          }
          for (; i < hw; i++) {
            float xm = in[x + i] - mean;
            float g = relu && !(Math.fma(xm, scale, beta) > 0f) ? 0f : dOut[d + i];
            float delta = Math.fma(g, as[b], Math.fma(xm, bb, e));
            dIn[di + i] = accumulate ? dIn[di + i] + delta : delta;
          }
        }
      }
    }
  }

  /** Scalar reference of {@link #forwardTraining}; same arguments and shapes. */
  public static void forwardTrainingScalar(
      float[] out,
      int outOff,
      float[] stats,
      int statsOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    int m = n * hw;
    for (int ch = firstChannel; ch < endChannel; ch++) {
      double sum = 0;
      for (int img = 0; img < n; img++) {
        for (int i = 0; i < hw; i++) {
          sum += in[inOff + (img * c + ch) * hw + i];
        }
      }
      double mean = sum / m;
      double squares = 0;
      for (int img = 0; img < n; img++) {
        for (int i = 0; i < hw; i++) {
          double d = in[inOff + (img * c + ch) * hw + i] - mean;
          squares += d * d;
        }
      }
      double var = squares / m;
      float meanF = (float) mean;
      float invStd = (float) (1.0 / Math.sqrt(var + EPS));
      stats[statsOff + ch] = meanF;
      stats[statsOff + c + ch] = invStd;
      updateRunning(running, runningOff, c, ch, mean, var, m);
      if (out != null) {
        normaliseScalar(out, outOff, in, inOff, params, gammaOff, betaOff, n, c, hw, relu, ch,
            meanF, invStd, 0, hw);
      }
    }
  }

  /** Scalar reference of {@link #forwardEvaluation}; same arguments and shapes. */
  public static void forwardEvaluationScalar(
      float[] out,
      int outOff,
      float[] running,
      int runningOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    for (int ch = firstChannel; ch < endChannel; ch++) {
      float invStd = runningInvStd(running, runningOff, c, ch);
      normaliseScalar(
          out,
          outOff,
          in,
          inOff,
          params,
          gammaOff,
          betaOff,
          n,
          c,
          hw,
          relu,
          ch,
          running[runningOff + ch],
          invStd,
          0,
          hw);
    }
  }

  /** Scalar reference of {@link #backward}; same arguments and shapes. */
  public static void backwardScalar(
      float[] dIn,
      int dInOff,
      boolean accumulate,
      float[] grads,
      int dGammaOff,
      int dBetaOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] stats,
      int statsOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int firstChannel,
      int endChannel) {
    int m = n * hw;
    for (int ch = firstChannel; ch < endChannel; ch++) {
      float mean = stats[statsOff + ch];
      float invStd = stats[statsOff + c + ch];
      float gamma = params[gammaOff + ch];
      float beta = params[betaOff + ch];
      double sumG = 0;
      double sumGxhat = 0;
      for (int img = 0; img < n; img++) {
        for (int i = 0; i < hw; i++) {
          int at = (img * c + ch) * hw + i;
          float g = relu && !live(in[inOff + at], mean, invStd, gamma, beta)
              ? 0f : dOut[dOutOff + at];
          sumG += g;
          sumGxhat += (double) g * (in[inOff + at] - mean);
        }
      }
      sumGxhat *= invStd;
      grads[dGammaOff + ch] += (float) sumGxhat;
      grads[dBetaOff + ch] += (float) sumG;
      for (int img = 0; img < n; img++) {
        for (int i = 0; i < hw; i++) {
          int at = (img * c + ch) * hw + i;
          float g = relu && !live(in[inOff + at], mean, invStd, gamma, beta)
              ? 0f : dOut[dOutOff + at];
          double xhat = (in[inOff + at] - mean) * invStd;
          float delta = (float) (gamma * invStd / m * (m * g - sumG - xhat * sumGxhat));
          dIn[dInOff + at] = accumulate ? dIn[dInOff + at] + delta : delta;
        }
      }
    }
  }

  /** Whether the scalar forward pass's ReLU let {@code x} through: {@link #normaliseScalar}'s y. */
  private static boolean live(float x, float mean, float invStd, float gamma, float beta) {
    return gamma * (x - mean) * invStd + beta > 0f;
  }

  private static void normaliseScalar(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] params,
      int gammaOff,
      int betaOff,
      int n,
      int c,
      int hw,
      boolean relu,
      int ch,
      float mean,
      float invStd,
      int from,
      int to) {
    float gamma = params[gammaOff + ch];
    float beta = params[betaOff + ch];
    for (int img = 0; img < n; img++) {
      for (int i = from; i < to; i++) {
        int at = (img * c + ch) * hw + i;
        float y = gamma * (in[inOff + at] - mean) * invStd + beta;
        // live() repeats this arithmetic: change both together.
        out[outOff + at] = relu ? Math.max(0f, y) : y;
      }
    }
  }

  /** PyTorch's update; a single value per channel has no unbiased variance, so it keeps var. */
  private static void updateRunning(
      float[] running, int runningOff, int c, int ch, double mean, double var, int m) {
    double unbiased = m > 1 ? var * m / (m - 1) : var;
    int im = runningOff + ch;
    int iv = runningOff + c + ch;
    running[im] = (float) ((1 - MOMENTUM) * running[im] + MOMENTUM * mean);
    running[iv] = (float) ((1 - MOMENTUM) * running[iv] + MOMENTUM * unbiased);
  }

  /**
   * The sums of the deviations d = x - pivot of channels [first, end) of N images and of their
   * squares, into {@code sums} and {@code squares} (channel {@code first + b} at index b), image
   * by image and within each channel in the order of its values. Each lane sums a chunk of
   * deviations (and of their squares) in float, then the chunk's lanes are widened into double
   * lanes, kept per channel in {@code partials} between images and summed in lane order at the
   * end; the row tails are summed separately.
   */
  private static void channelMoments(float[] x, int off, int c, int hw, int n, int first,
      int end, float[] pivots, double[] partials, double[] sums, double[] squares) {
    int bound = S.loopBound(hw);
    int chunk = CHUNK * S.length();
    int dl = D.length();
    Arrays.fill(partials, 0);
    for (int img = 0; img < n; img++) {
      for (int ch = first; ch < end; ch++) {
        int b = ch - first;
        float pivot = pivots[b];
        int at = b * 6 * dl;
        DoubleVector low = DoubleVector.fromArray(D, partials, at);
        DoubleVector high = DoubleVector.fromArray(D, partials, at + dl);
        DoubleVector squaresLow = DoubleVector.fromArray(D, partials, at + 2 * dl);
        DoubleVector squaresHigh = DoubleVector.fromArray(D, partials, at + 3 * dl);
        int row = off + (img * c + ch) * hw;
        for (int start = 0; start < bound; start += chunk) {
          FloatVector acc = FloatVector.zero(S);
          FloatVector squared = acc;
          // A loop of constant length, as in backward.
          for (int u = 0; u < CHUNK; u++) {
            int i = start + u * S.length();
            if (i < bound) {
              FloatVector d = FloatVector.fromArray(S, x, row + i).sub(pivot);
              acc = acc.add(d);
              squared = d.fma(d, squared);
            }
          }
          low = low.add(acc.convertShape(VectorOperators.F2D, D, 0));
          high = high.add(acc.convertShape(VectorOperators.F2D, D, 1));
          squaresLow = squaresLow.add(squared.convertShape(VectorOperators.F2D, D, 0));
          squaresHigh = squaresHigh.add(squared.convertShape(VectorOperators.F2D, D, 1));
        }
        low.intoArray(partials, at);
        high.intoArray(partials, at + dl);
        squaresLow.intoArray(partials, at + 2 * dl);
        squaresHigh.intoArray(partials, at + 3 * dl);
        for (int i = bound; i < hw; i++) {
          float d = x[row + i] - pivot;
          partials[at + 4 * dl] += d;
          partials[at + 4 * dl + 1] += d * d;
        }
      }
    }
    for (int b = 0; b < end - first; b++) {
      int at = b * 6 * dl;
      sums[b] = Simd.sumLanes(partials, at) + partials[at + 4 * dl];
      squares[b] = Simd.sumLanes(partials, at + 2 * dl) + partials[at + 4 * dl + 1];
    }
  }
}
