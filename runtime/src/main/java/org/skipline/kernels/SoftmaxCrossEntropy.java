package org.skipline.kernels;

/**
 * Softmax followed by the cross-entropy loss against integer labels, averaged over the batch.
 *
 * <p>Dimensions: N batch, K classes. Logits and probabilities are [N, K]; labels are [N].
 *
 * <p>Scalar only: K is the number of classes (10 or 100 for CIFAR), so this runs once per batch on
 * a few thousand floats, and exp/log dominate where vectors would not help.
 */
public final class SoftmaxCrossEntropy {

  private SoftmaxCrossEntropy() {}

  /**
   * Writes the softmax of every row and returns the mean cross-entropy loss.
   *
   * @param probs probabilities [N, K], overwritten
   * @param logits logits [N, K]
   * @param labels class of each image [N], each in [0, K)
   * @return mean over the batch of -log(softmax(logits)[label])
   * @throws IllegalArgumentException if a label is outside [0, K)
   */
  public static double forward(
      float[] probs, int probsOff, float[] logits, int logitsOff, int[] labels, int n, int k) {
    checkLabels(labels, n, k);
    double loss = 0;
    for (int img = 0; img < n; img++) {
      int row = logitsOff + img * k;
      // Subtracting the row maximum keeps exp from overflowing; the softmax is unchanged.
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits[row + j] - (double) max);
      }
      for (int j = 0; j < k; j++) {
        probs[probsOff + img * k + j] = (float) (Math.exp(logits[row + j] - (double) max) / sum);
      }
      // -log p[label] = log(sum) - (z[label] - max), exact even when p[label] underflows.
      loss += Math.log(sum) - (logits[row + labels[img]] - (double) max);
    }
    return loss / n;
  }

  /**
   * dLogits += (probs - onehot(labels)) / N, the gradient of the mean loss.
   *
   * @param dLogits logit gradient [N, K], added into
   * @param probs probabilities [N, K] written by {@link #forward}
   * @param labels class of each image [N], each in [0, K)
   * @throws IllegalArgumentException if a label is outside [0, K)
   */
  public static void backward(
      float[] dLogits, int dOff, float[] probs, int probsOff, int[] labels, int n, int k) {
    checkLabels(labels, n, k);
    float scale = 1f / n;
    for (int img = 0; img < n; img++) {
      for (int j = 0; j < k; j++) {
        float target = j == labels[img] ? 1f : 0f;
        dLogits[dOff + img * k + j] += (probs[probsOff + img * k + j] - target) * scale;
      }
    }
  }

  private static void checkLabels(int[] labels, int n, int k) {
    for (int img = 0; img < n; img++) {
      if (labels[img] < 0 || labels[img] >= k) {
        throw new IllegalArgumentException(
            "Label of image "
                + img
                + " is "
                + labels[img]
                + " but must be in [0, "
                + k
                + ") for "
                + k
                + " classes.");
      }
    }
  }
}
