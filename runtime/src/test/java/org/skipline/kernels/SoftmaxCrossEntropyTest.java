package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SoftmaxCrossEntropy}: hand-computed values, finite differences of the loss, and label
 * errors.
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
