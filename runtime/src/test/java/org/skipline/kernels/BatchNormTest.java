package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BatchNorm} against its scalar reference, finite differences in training mode, and
 * hand-computed running statistics.
 *
 * <p>Dimensions: N batch, C channels, HW positions per channel, M = N*HW.
 */
class BatchNormTest {

  private static final double RTOL = 1e-4;
  private static final double ATOL = 1e-5;
  private static final int OFF = 3;

  /** params: gamma [C] at OFF, beta [C] right after; grads use the same layout. */
  private record Problem(int n, int c, int hw, boolean relu) {
    int len() {
      return n * c * hw;
    }

    int gammaOff() {
      return OFF;
    }

    int betaOff() {
      return OFF + c;
    }

    float[] params(Random random) {
      float[] p = new float[OFF + 2 * c];
      for (int ch = 0; ch < c; ch++) {
        p[OFF + ch] = 0.5f + random.nextFloat();
        p[OFF + c + ch] = random.nextFloat() - 0.5f;
      }
      return p;
    }

    void train(
        float[] out,
        float[] stats,
        float[] running,
        float[] in,
        float[] params,
        boolean s,
        boolean withRelu) {
      if (s) {
        BatchNorm.forwardTrainingScalar(
            out,
            OFF,
            stats,
            OFF,
            running,
            OFF,
            in,
            OFF,
            params,
            gammaOff(),
            betaOff(),
            n,
            c,
            hw,
            withRelu,
            0,
            c);
      } else {
        BatchNorm.forwardTraining(
            out,
            OFF,
            stats,
            OFF,
            running,
            OFF,
            in,
            OFF,
            params,
            gammaOff(),
            betaOff(),
            n,
            c,
            hw,
            withRelu,
            0,
            c);
      }
    }

    void backward(
        float[] dIn,
        boolean accumulate,
        float[] grads,
        float[] dOut,
        float[] in,
        float[] stats,
        float[] params,
        boolean s) {
      if (s) {
        BatchNorm.backwardScalar(
            dIn,
            OFF,
            accumulate,
            grads,
            gammaOff(),
            betaOff(),
            dOut,
            OFF,
            in,
            OFF,
            stats,
            OFF,
            params,
            gammaOff(),
            betaOff(),
            n,
            c,
            hw,
            relu,
            0,
            c);
      } else {
        BatchNorm.backward(
            dIn,
            OFF,
            accumulate,
            grads,
            gammaOff(),
            betaOff(),
            dOut,
            OFF,
            in,
            OFF,
            stats,
            OFF,
            params,
            gammaOff(),
            betaOff(),
            n,
            c,
            hw,
            relu,
            0,
            c);
      }
    }
  }

  /** Inputs centred away from zero, so a one-pass variance would lose digits. */
  private static float[] input(Random random, int len) {
    float[] x = random(random, OFF + len);
    for (int i = 0; i < x.length; i++) {
      x[i] = 3f + 2f * x[i];
    }
    return x;
  }

  @ParameterizedTest(name = "N={0} C={1} HW={2} relu={3}")
  @CsvSource({
    "2, 1, 7, false",
    "3, 3, 13, true",
    "2, 16, 33, false",
    "1, 17, 65, true",
    "4, 3, 1, true",
    "1, 2, 1, false",
    "2, 16, 64, true"
  })
  void vectorMatchesScalar(int n, int c, int hw, boolean relu) {
    Problem pr = new Problem(n, c, hw, relu);
    Random random = new Random(n * 1000L + c * 10L + hw);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    float[] running0 = random(random, OFF + 2 * c);
    for (int ch = 0; ch < c; ch++) {
      running0[OFF + c + ch] = Math.abs(running0[OFF + c + ch]) + 0.1f;
    }
    float[] outS = new float[OFF + pr.len()];
    float[] outV = new float[OFF + pr.len()];
    float[] statsS = new float[OFF + 2 * c];
    float[] statsV = new float[OFF + 2 * c];
    float[] runningS = running0.clone();
    float[] runningV = running0.clone();
    pr.train(outS, statsS, runningS, in, params, true, relu);
    pr.train(outV, statsV, runningV, in, params, false, relu);
    assertClose("training out " + pr, outS, outV, RTOL, ATOL);
    assertClose("stats " + pr, statsS, statsV, RTOL, ATOL);
    assertClose("running " + pr, runningS, runningV, RTOL, ATOL);

    float[] evalS = new float[OFF + pr.len()];
    float[] evalV = new float[OFF + pr.len()];
    BatchNorm.forwardEvaluationScalar(
        evalS, OFF, running0, OFF, in, OFF, params, pr.gammaOff(), pr.betaOff(), n, c, hw, relu,
        0, c);
    BatchNorm.forwardEvaluation(
        evalV, OFF, running0, OFF, in, OFF, params, pr.gammaOff(), pr.betaOff(), n, c, hw, relu,
        0, c);
    assertClose("evaluation out " + pr, evalS, evalV, RTOL, ATOL);

    float[] dOut = random(random, OFF + pr.len());
    float[] dIn0 = random(random, OFF + pr.len());
    float[] grads0 = random(random, OFF + 2 * c);
    float[] dInS = dIn0.clone();
    float[] dInV = dIn0.clone();
    float[] gradsS = grads0.clone();
    float[] gradsV = grads0.clone();
    pr.backward(dInS, true, gradsS, dOut, in, statsV, params, true);
    pr.backward(dInV, true, gradsV, dOut, in, statsV, params, false);
    assertClose("dIn " + pr, dInS, dInV, 1e-3, 1e-4);
    assertClose("dGamma, dBeta " + pr, gradsS, gradsV, 1e-3, 1e-4);

    // Overwriting gives what adding into zeros gives, whatever the gradient held; the floats
    // before the offset stay as they were.
    for (boolean scalar : new boolean[] {true, false}) {
      float[] fromZero = new float[OFF + pr.len()];
      System.arraycopy(dIn0, 0, fromZero, 0, OFF);
      float[] overwritten = dIn0.clone();
      pr.backward(fromZero, true, grads0.clone(), dOut, in, statsV, params, scalar);
      pr.backward(overwritten, false, grads0.clone(), dOut, in, statsV, params, scalar);
      assertClose("overwritten dIn " + pr + (scalar ? " scalar" : ""), fromZero, overwritten, 0,
          0);
    }
  }

  @ParameterizedTest(name = "N={0} C={1} HW={2} relu={3}")
  @CsvSource({"2, 3, 5, false", "2, 3, 5, true", "3, 2, 7, true", "1, 2, 6, false"})
  void trainingGradientsMatchFiniteDifferences(int n, int c, int hw, boolean relu) {
    Problem pr = new Problem(n, c, hw, relu);
    Random random = new Random(7L * n + c + 31L * hw + (relu ? 1 : 0));
    float[] in = random(random, OFF + pr.len());
    float[] params = pr.params(random);
    float[] lossWeights = random(random, pr.len());
    float[] out = new float[OFF + pr.len()];
    float[] stats = new float[OFF + 2 * c];
    float[] running = new float[OFF + 2 * c];
    pr.train(out, stats, running, in, params, false, relu);
    float[] dOut = new float[OFF + pr.len()];
    System.arraycopy(lossWeights, 0, dOut, OFF, lossWeights.length);
    float[] dIn = new float[OFF + pr.len()];
    float[] grads = new float[OFF + 2 * c];
    pr.backward(dIn, true, grads, dOut, in, stats, params, false);

    float[] scratchOut = new float[OFF + pr.len()];
    float[] scratchStats = new float[OFF + 2 * c];
    float[] scratchRunning = new float[OFF + 2 * c];
    GradCheck.Loss loss =
        () -> {
          pr.train(scratchOut, scratchStats, scratchRunning, in, params, false, relu);
          return TensorAssert.dot(scratchOut, OFF, lossWeights);
        };
    GradCheck.PreActivation pre =
        relu
            ? () -> {
              float[] y = new float[OFF + pr.len()];
              pr.train(y, scratchStats, scratchRunning, in, params, false, false);
              return y;
            }
            : null;
    GradCheck.check("dIn " + pr, loss, pre, in, OFF, pr.len(), dIn, OFF, 1);
    GradCheck.check("dGamma " + pr, loss, pre, params, pr.gammaOff(), c, grads, pr.gammaOff(), 2);
    GradCheck.check("dBeta " + pr, loss, pre, params, pr.betaOff(), c, grads, pr.betaOff(), 3);
  }

  @Test
  void runningStatisticsFollowPyTorch() {
    // Channel 0 holds {1, 2, 3, 4}: mean 2.5, biased variance 1.25, unbiased 5/3.
    // Channel 1 holds {10, 20, 30, 40}: mean 25, biased variance 125, unbiased 500/3.
    float[] in = {1, 2, 10, 20, 3, 4, 30, 40};
    float[] params = {1, 1, 0, 0};
    float[] running = {0, 1, 1, 2};
    float[] stats = new float[4];
    float[] out = new float[8];
    BatchNorm.forwardTraining(
        out, 0, stats, 0, running, 0, in, 0, params, 0, 2, 2, 2, 2, false, 0, 2);
    assertClose(
        "running",
        new float[] {0.25f, 0.9f + 2.5f, 0.9f + 0.1f * 5f / 3f, 1.8f + 0.1f * 500f / 3f},
        running,
        1e-6,
        0);
    assertClose(
        "stats",
        new float[] {
          2.5f, 25f, (float) (1 / Math.sqrt(1.25 + 1e-5)), (float) (1 / Math.sqrt(125 + 1e-5))
        },
        stats,
        1e-6,
        0);
    assertEquals((float) ((1 - 2.5) / Math.sqrt(1.25 + 1e-5)), out[0], 1e-6);
  }

  @Test
  void singleValuePerChannelKeepsBiasedVariance() {
    float[] running = {0, 1};
    float[] stats = new float[2];
    BatchNorm.forwardTraining(
        new float[1],
        0,
        stats,
        0,
        running,
        0,
        new float[] {5},
        0,
        new float[] {1, 0},
        0,
        1,
        1,
        1,
        1,
        false,
        0,
        1);
    assertClose("running", new float[] {0.5f, 0.9f}, running, 1e-6, 0);
  }

  @Test
  void evaluationUsesRunningStatistics() {
    float[] running = {1, 4};
    float[] params = {2, 0.5f};
    float[] out = new float[2];
    BatchNorm.forwardEvaluation(
        out, 0, running, 0, new float[] {3, -1}, 0, params, 0, 1, 1, 1, 2, true, 0, 1);
    float invStd = (float) (1 / Math.sqrt(4 + 1e-5));
    assertClose("out", new float[] {2 * 2 * invStd + 0.5f, 0}, out, 1e-6, 0);
  }

  @Test
  void backwardAddsAndIsDeterministic() {
    Problem pr = new Problem(2, 3, 13, true);
    Random random = new Random(4);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    float[] dOut = random(random, OFF + pr.len());
    float[] out = new float[OFF + pr.len()];
    float[] again = new float[OFF + pr.len()];
    float[] stats = new float[OFF + 2 * pr.c()];
    pr.train(out, stats, new float[OFF + 2 * pr.c()], in, params, false, true);
    pr.train(again, stats, new float[OFF + 2 * pr.c()], in, params, false, true);
    assertBitIdentical("forward twice", out, again);
    float[] dInOnce = new float[OFF + pr.len()];
    float[] gradsOnce = new float[OFF + 2 * pr.c()];
    pr.backward(dInOnce, true, gradsOnce, dOut, in, stats, params, false);
    float[] dInTwice = new float[OFF + pr.len()];
    float[] gradsTwice = new float[OFF + 2 * pr.c()];
    pr.backward(dInTwice, true, gradsTwice, dOut, in, stats, params, false);
    pr.backward(dInTwice, true, gradsTwice, dOut, in, stats, params, false);
    assertClose("dIn twice", doubled(dInOnce), dInTwice, 1e-6, 1e-7);
    assertClose("grads twice", doubled(gradsOnce), gradsTwice, 1e-6, 1e-7);
  }

  /**
   * Bands of pixels of one image in evaluation mode, as threads sharing the image run them, give
   * exactly what one call over all the image gives: bands with and without vector tails.
   */
  @ParameterizedTest(name = "C={0} HW={1}")
  @CsvSource({"5, 37", "16, 1024", "3, 64"})
  void pixelBandsTogetherGiveTheWholeEvaluation(int c, int hw) {
    Problem pr = new Problem(1, c, hw, true);
    Random random = new Random(c * 100 + hw);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    float[] running = random(random, OFF + 2 * c);
    for (int ch = 0; ch < c; ch++) {
      running[OFF + c + ch] = Math.abs(running[OFF + c + ch]) + 0.1f;  // variances
    }
    float[] whole = new float[OFF + pr.len()];
    BatchNorm.forwardEvaluation(whole, OFF, running, OFF, in, OFF, params, pr.gammaOff(),
        pr.betaOff(), 1, c, hw, true, 0, c);
    float[] bands = random(random, OFF + pr.len());
    System.arraycopy(whole, 0, bands, 0, OFF);
    int[] starts = {0, 5, hw / 2, hw};
    for (int b = starts.length - 2; b >= 0; b--) {
      BatchNorm.forwardEvaluationPixels(bands, OFF, running, OFF, in, OFF, params, pr.gammaOff(),
          pr.betaOff(), c, hw, true, starts[b], starts[b + 1]);
    }
    assertBitIdentical("pixel bands", whole, bands);
  }

  /** Two channel ranges, as two threads run them, give exactly what one call over all gives. */
  @Test
  void channelRangesTogetherEqualTheWholeCall() {
    int n = 3;
    int c = 5;
    int hw = 37;
    int split = 2;
    Problem pr = new Problem(n, c, hw, true);
    Random random = new Random(11);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    float[] running0 = random(random, OFF + 2 * c);
    float[] dOut = random(random, OFF + pr.len());

    float[] out = new float[OFF + pr.len()];
    float[] stats = new float[OFF + 2 * c];
    float[] running = running0.clone();
    pr.train(out, stats, running, in, params, Simd.SCALAR, true);
    float[] dIn = new float[OFF + pr.len()];
    float[] grads = new float[OFF + 2 * c];
    pr.backward(dIn, true, grads, dOut, in, stats, params, Simd.SCALAR);
    float[] eval = new float[OFF + pr.len()];
    BatchNorm.forwardEvaluation(
        eval, OFF, running0, OFF, in, OFF, params, pr.gammaOff(), pr.betaOff(), n, c, hw, true,
        0, c);

    float[] outR = new float[OFF + pr.len()];
    float[] statsR = new float[OFF + 2 * c];
    float[] runningR = running0.clone();
    float[] dInR = new float[OFF + pr.len()];
    float[] gradsR = new float[OFF + 2 * c];
    float[] evalR = new float[OFF + pr.len()];
    for (int[] range : new int[][] {{split, c}, {0, split}}) {
      BatchNorm.forwardTraining(outR, OFF, statsR, OFF, runningR, OFF, in, OFF, params,
          pr.gammaOff(), pr.betaOff(), n, c, hw, true, range[0], range[1]);
      BatchNorm.forwardEvaluation(evalR, OFF, running0, OFF, in, OFF, params, pr.gammaOff(),
          pr.betaOff(), n, c, hw, true, range[0], range[1]);
    }
    for (int[] range : new int[][] {{split, c}, {0, split}}) {
      BatchNorm.backward(dInR, OFF, true, gradsR, pr.gammaOff(), pr.betaOff(), dOut, OFF, in,
          OFF, statsR, OFF, params, pr.gammaOff(), pr.betaOff(), n, c, hw, true, range[0],
          range[1]);
    }
    assertBitIdentical("training out", out, outR);
    assertBitIdentical("stats", stats, statsR);
    assertBitIdentical("running", running, runningR);
    assertBitIdentical("evaluation out", eval, evalR);
    assertBitIdentical("input gradient", dIn, dInR);
    assertBitIdentical("gamma and beta gradients", grads, gradsR);
  }

  /**
   * The backward pass keeps no batch norm's output and recomputes it from the input and the
   * cached statistics: the same bits as the training forward wrote, in the vector kernels and in
   * the scalar reference, whole or in channel ranges, and the running statistics untouched.
   */
  @ParameterizedTest(name = "N={0} C={1} HW={2} relu={3}")
  @CsvSource({"2, 3, 49, true", "3, 5, 37, false", "4, 16, 1024, true", "1, 70, 4, true"})
  void recomputingTheOutputGivesTheForwardBits(int n, int c, int hw, boolean relu) {
    Problem pr = new Problem(n, c, hw, relu);
    Random random = new Random(n * 31 + c);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    for (boolean scalar : new boolean[] {false, true}) {
      float[] out = new float[OFF + pr.len()];
      float[] stats = new float[OFF + 2 * c];
      float[] running = random(random, OFF + 2 * c);
      pr.train(out, stats, running, in, params, scalar, relu);
      float[] runningAfter = running.clone();
      float[] again = random(random, OFF + pr.len());
      System.arraycopy(out, 0, again, 0, OFF);
      int split = c / 2;
      for (int[] range : new int[][] {{split, c}, {0, split}}) {
        if (scalar) {
          BatchNorm.recomputeTrainingScalar(again, OFF, stats, OFF, in, OFF, params,
              pr.gammaOff(), pr.betaOff(), n, c, hw, relu, range[0], range[1]);
        } else {
          BatchNorm.recomputeTraining(again, OFF, stats, OFF, in, OFF, params, pr.gammaOff(),
              pr.betaOff(), n, c, hw, relu, range[0], range[1]);
        }
      }
      assertBitIdentical(scalar ? "scalar" : "vector", out, again);
      assertBitIdentical("running", runningAfter, running);
    }
  }

  /**
   * A batch norm that only convolutions read computes its statistics alone, and each reader
   * makes the images it reads: the statistics and running statistics of the training forward,
   * and of every range of images the bits that forward wrote.
   */
  @ParameterizedTest(name = "N={0} C={1} HW={2} relu={3}")
  @CsvSource({"3, 3, 49, true", "4, 5, 37, false", "5, 16, 1024, true", "2, 70, 4, true"})
  void statisticsAloneAndImagesMadeLaterGiveTheForwardBits(int n, int c, int hw, boolean relu) {
    Problem pr = new Problem(n, c, hw, relu);
    Random random = new Random(n * 37 + c);
    float[] in = input(random, pr.len());
    float[] params = pr.params(random);
    float[] running = random(random, OFF + 2 * c);
    // Both run the kernels of the width the JVM runs at, vector or scalar.
    boolean scalar = Simd.SCALAR;
    {
      float[] out = new float[OFF + pr.len()];
      float[] stats = new float[OFF + 2 * c];
      float[] runningForward = running.clone();
      pr.train(out, stats, runningForward, in, params, scalar, relu);

      float[] statsAlone = new float[OFF + 2 * c];
      float[] runningAlone = running.clone();
      BatchNorm.statisticsTraining(statsAlone, OFF, runningAlone, OFF, in, OFF, n, c, hw, 0, c);
      assertBitIdentical("statistics", stats, statsAlone);
      assertBitIdentical("running statistics", runningForward, runningAlone);

      int imageFloats = c * hw;
      for (int[] range : new int[][] {{0, n}, {1, n - 1}, {n - 1, 1}}) {
        float[] made = random(random, 7 + range[1] * imageFloats);
        BatchNorm.recomputeTraining(made, 7, stats, OFF, in, OFF + range[0] * imageFloats,
            params, pr.gammaOff(), pr.betaOff(), range[1], c, hw, relu, 0, c);
        float[] expected = new float[range[1] * imageFloats];
        float[] actual = new float[range[1] * imageFloats];
        System.arraycopy(out, OFF + range[0] * imageFloats, expected, 0, expected.length);
        System.arraycopy(made, 7, actual, 0, actual.length);
        assertBitIdentical("images " + range[0] + "+" + range[1], expected, actual);
      }
    }
  }
}
