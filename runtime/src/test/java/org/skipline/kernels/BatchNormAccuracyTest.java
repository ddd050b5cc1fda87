package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNorm} on ill-conditioned inputs against a double-precision reference computed from
 * the same float inputs: an upstream gradient whose per-channel sum nearly cancels, and an input
 * whose mean is large next to its spread. Errors are measured against the sum of magnitudes of
 * the terms, the scale a float accumulator's rounding is proportional to.
 */
class BatchNormAccuracyTest {

  /**
   * One channel of 2 x 64 x 64 values, gradient +v on the first half of each row and a shuffled
   * -v on the second, plus a small imbalance: sum(g) is about 1e-6 of sum|g|. A float lane running
   * over a whole row lost about 1e-7 of sum|g|; chunked double accumulation stays near 1e-9.
   */
  @Test
  void backwardSumsStayAccurateWhenTheGradientNearlyCancels() {
    int n = 2;
    int hw = 4096;
    int m = n * hw;
    Random random = new Random(11);
    float[] in = new float[m];
    float[] g = new float[m];
    for (int img = 0; img < n; img++) {
      int half = hw / 2;
      float[] v = new float[half];
      for (int i = 0; i < half; i++) {
        v[i] = 1f + 0.5f * random.nextFloat();
        g[img * hw + i] = v[i];
      }
      for (int i = half - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        float t = v[i];
        v[i] = v[j];
        v[j] = t;
      }
      for (int i = 0; i < half; i++) {
        g[img * hw + half + i] = -v[i];
      }
    }
    g[5] += 1e-3f;
    for (int i = 0; i < m; i++) {
      in[i] = (float) random.nextGaussian();
    }
    float[] params = {1.25f, 0.1f};
    float[] out = new float[m];
    float[] stats = new float[2];
    BatchNorm.forwardTraining(out, 0, stats, 0, new float[] {0, 1}, 0, in, 0, params, 0, 1, n, 1,
        hw, false, 0, 1);
    float[] grads = new float[2];
    float[] dIn = new float[m];
    BatchNorm.backward(dIn, 0, false, grads, 0, 1, g, 0, in, 0, stats, 0, params, 0, 1, n, 1,
        hw, false, 0, 1);

    double mean = stats[0];
    double invStd = stats[1];
    double sumG = 0;
    double sumGx = 0;
    double sumAbsG = 0;
    double sumAbsGx = 0;
    for (int i = 0; i < m; i++) {
      double xhat = (in[i] - mean) * invStd;
      sumG += g[i];
      sumGx += g[i] * xhat;
      sumAbsG += Math.abs(g[i]);
      sumAbsGx += Math.abs(g[i] * xhat);
    }
    double errBeta = Math.abs(grads[1] - sumG) / sumAbsG;
    double errGamma = Math.abs(grads[0] - sumGx) / sumAbsGx;
    // The float result itself rounds sum(g) by half an ulp; sum(g) ~ 1e-3, so that is ~1e-14.
    assertTrue(errBeta < 2e-9, "dBeta error " + errBeta + " of sum|g|");
    assertTrue(errGamma < 2e-9, "dGamma error " + errGamma + " of sum|g * xhat|");
    double worstDIn = 0;
    double scale = params[0] * invStd;
    for (int i = 0; i < m; i++) {
      double xhat = (in[i] - mean) * invStd;
      double want = scale / m * (m * (double) g[i] - sumG - xhat * sumGx);
      worstDIn = Math.max(worstDIn, Math.abs(dIn[i] - want) / (scale * 1.5));
    }
    assertTrue(worstDIn < 1e-6, "dIn error " + worstDIn + " of gamma * invStd * max|g|");
  }

  /**
   * One channel of 64 x 64 values 1000 + N(0, 1): the batch mean must be the float nearest the
   * exact mean (within half an ulp), and 1/std accurate to float precision. Float lanes summing 1000s
   * over a row were several ulps off in the mean.
   */
  @Test
  void forwardStatisticsStayAccurateWithALargeMean() {
    int hw = 4096;
    Random random = new Random(12);
    float[] in = new float[hw];
    for (int i = 0; i < hw; i++) {
      in[i] = (float) (1000 + random.nextGaussian());
    }
    double sum = 0;
    for (float x : in) {
      sum += x;
    }
    double mean = sum / hw;
    double squares = 0;
    for (float x : in) {
      squares += (x - mean) * (x - mean);
    }
    double invStd = 1 / Math.sqrt(squares / hw + BatchNorm.EPS);
    float[] stats = new float[2];
    float[] out = new float[hw];
    BatchNorm.forwardTraining(out, 0, stats, 0, new float[] {0, 1}, 0, in, 0, new float[] {1, 0},
        0, 1, 1, 1, hw, false, 0, 1);
    double meanErr = Math.abs(stats[0] - mean) / Math.ulp((float) mean);
    assertTrue(meanErr <= 0.51, "mean off by " + meanErr + " ulps");
    double invStdErr = Math.abs(stats[1] - invStd) / invStd;
    assertTrue(invStdErr < 2e-7, "1/std relative error " + invStdErr);
  }

  /**
   * The variance is summed about the first image's mean, so a first image far from the others
   * is its worst case: 64 images of one channel, 1000 + N(0, 1) except the first, 1100 + N(0, 1).
   * Its distance from the batch mean is about 8 batch standard deviations; 1/std must still be
   * accurate to a few float ulps, and the mean within one.
   */
  @Test
  void forwardStatisticsStayAccurateWhenTheFirstImageIsAnOutlier() {
    int n = 64;
    int hw = 64;
    Random random = new Random(13);
    float[] in = new float[n * hw];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) ((i < hw ? 1100 : 1000) + random.nextGaussian());
    }
    double sum = 0;
    for (float x : in) {
      sum += x;
    }
    double mean = sum / in.length;
    double squares = 0;
    for (float x : in) {
      squares += (x - mean) * (x - mean);
    }
    double invStd = 1 / Math.sqrt(squares / in.length + BatchNorm.EPS);
    float[] stats = new float[2];
    BatchNorm.forwardTraining(new float[in.length], 0, stats, 0, new float[] {0, 1}, 0, in, 0,
        new float[] {1, 0}, 0, 1, n, 1, hw, false, 0, 1);
    double meanErr = Math.abs(stats[0] - mean) / Math.ulp((float) mean);
    assertTrue(meanErr <= 1, "mean off by " + meanErr + " ulps");
    double invStdErr = Math.abs(stats[1] - invStd) / invStd;
    assertTrue(invStdErr < 1e-6, "1/std relative error " + invStdErr);
  }
}
