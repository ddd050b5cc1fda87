package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SoftmaxCrossEntropy}: hand-computed values, finite differences of the loss, plain and
 * with smoothed labels, and label errors.
 *
 * <p>Dimensions: N batch, K classes.
 */
class SoftmaxCrossEntropyTest {

  @Test
  void uniformLogitsGiveLogK() {
    float[] probs = new float[2 * 10];
    double loss = SoftmaxCrossEntropy.forward(probs, 0, new float[20], 0, new int[] {3, 9}, 2, 10);
    assertEquals(Math.log(10), loss, 1e-12);
    float[] tenth = new float[20];
    java.util.Arrays.fill(tenth, 0.1f);
    assertClose("probs", tenth, probs, 1e-6, 0);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    float[] logits = {1000f, 0f, -1000f};
    float[] probs = new float[3];
    double loss = SoftmaxCrossEntropy.forward(probs, 0, logits, 0, new int[] {2}, 1, 3);
    assertEquals(2000.0, loss, 1e-9);
    assertClose("probs", new float[] {1f, 0f, 0f}, probs, 0, 1e-30);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    int n = 4;
    int k = 7;
    Random random = new Random(12);
    float[] logits = random(random, n * k);
    for (int i = 0; i < logits.length; i++) {
      logits[i] *= 3;
    }
    int[] labels = {0, 6, 3, 3};
    float[] probs = new float[n * k];
    SoftmaxCrossEntropy.forward(probs, 0, logits, 0, labels, n, k);
    float[] dLogits = new float[n * k];
    SoftmaxCrossEntropy.backward(dLogits, 0, probs, 0, labels, n, k);
    float[] scratch = new float[n * k];
    GradCheck.check(
        "dLogits",
        () -> SoftmaxCrossEntropy.forward(scratch, 0, logits, 0, labels, n, k),
        logits,
        0,
        n * k,
        dLogits,
        0,
        1);

    float[] twice = new float[n * k];
    SoftmaxCrossEntropy.backward(twice, 0, probs, 0, labels, n, k);
    SoftmaxCrossEntropy.backward(twice, 0, probs, 0, labels, n, k);
    assertBitIdentical("backward twice", doubled(dLogits), twice);
  }

  @Test
  void smoothedLossIsTheCrossEntropyAgainstTheSmoothedTarget() {
    int n = 3;
    int k = 5;
    float smoothing = 0.1f;
    Random random = new Random(4);
    float[] logits = random(random, n * k);
    int[] labels = {4, 0, 2};
    float[] probs = new float[n * k];
    double loss = SoftmaxCrossEntropy.forward(probs, 0, logits, 0, labels, n, k, smoothing);
    // -sum_j target_j log p_j with target = (1 - e) onehot + e / K, in double from scratch.
    double expected = 0;
    for (int img = 0; img < n; img++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits[img * k + j]);
      }
      for (int j = 0; j < k; j++) {
        double target = (j == labels[img] ? 1 - (double) smoothing : 0) + smoothing / (double) k;
        expected -= target * Math.log(Math.exp(logits[img * k + j]) / sum);
      }
    }
    assertEquals(expected / n, loss, 1e-12);
    // Uniform logits: every class has probability 1/K, so any target gives log K.
    assertEquals(Math.log(k), SoftmaxCrossEntropy.forward(probs, 0, new float[n * k], 0, labels,
        n, k, smoothing), 1e-12);
  }

  @Test
  void smoothedGradientMatchesFiniteDifferences() {
    int n = 4;
    int k = 7;
    float smoothing = 0.2f;
    Random random = new Random(13);
    float[] logits = random(random, n * k);
    for (int i = 0; i < logits.length; i++) {
      logits[i] *= 3;
    }
    int[] labels = {1, 6, 0, 1};
    float[] probs = new float[n * k];
    SoftmaxCrossEntropy.forward(probs, 0, logits, 0, labels, n, k, smoothing);
    float[] dLogits = new float[n * k];
    SoftmaxCrossEntropy.backward(dLogits, 0, probs, 0, labels, n, k, smoothing);
    float[] scratch = new float[n * k];
    GradCheck.check(
        "dLogits",
        () -> SoftmaxCrossEntropy.forward(scratch, 0, logits, 0, labels, n, k, smoothing),
        logits,
        0,
        n * k,
        dLogits,
        0,
        2);
    // Each row of the smoothed gradient still sums to zero: the targets sum to 1.
    for (int img = 0; img < n; img++) {
      double row = 0;
      for (int j = 0; j < k; j++) {
        row += dLogits[img * k + j];
      }
      assertEquals(0, row, 1e-7);
    }
  }

  @Test
  void smoothingZeroGivesThePlainLossAndGradientToTheBit() {
    int n = 3;
    int k = 10;
    float[] logits = random(new Random(5), n * k);
    int[] labels = {9, 0, 4};
    float[] probs = new float[n * k];
    float[] probsZero = new float[n * k];
    double plain = SoftmaxCrossEntropy.forward(probs, 0, logits, 0, labels, n, k);
    double zero = SoftmaxCrossEntropy.forward(probsZero, 0, logits, 0, labels, n, k, 0f);
    assertEquals(Double.doubleToRawLongBits(plain), Double.doubleToRawLongBits(zero));
    float[] dPlain = new float[n * k];
    float[] dZero = new float[n * k];
    SoftmaxCrossEntropy.backward(dPlain, 0, probs, 0, labels, n, k);
    SoftmaxCrossEntropy.backward(dZero, 0, probsZero, 0, labels, n, k, 0f);
    assertBitIdentical("dLogits", dPlain, dZero);
    float[] dSmoothed = new float[n * k];
    SoftmaxCrossEntropy.backward(dSmoothed, 0, probs, 0, labels, n, k, 0.1f);
    assertTrue(dSmoothed[9] > dPlain[9], "a smaller target pulls the label's logit up less");
  }

  @Test
  void smoothingOutsideZeroToOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.forward(new float[3], 0, new float[3], 0, new int[] {0}, 1, 3,
            1f));
    assertEquals("Label smoothing is 1.0 but must be in [0, 1).", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.backward(new float[3],
        0, new float[3], 0, new int[] {0}, 1, 3, -0.1f));
  }

  @Test
  void labelOutOfRangeNamesImageLabelAndRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SoftmaxCrossEntropy.forward(
                    new float[6], 0, new float[6], 0, new int[] {1, 3}, 2, 3));
    assertEquals("Label of image 1 is 3 but must be in [0, 3) for 3 classes.", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.backward(new float[3], 0, new float[3], 0, new int[] {-1}, 1, 3));
  }
}
