package org.skipline.kernels;

/**
 * Softmax followed by the cross-entropy loss against integer labels, averaged over the batch,
 * optionally against smoothed labels (Szegedy et al., "Rethinking the Inception Architecture for
 * Computer Vision", CVPR 2016): with smoothing {@code e} the target of an image of class {@code y}
 * is {@code (1 - e) * onehot(y) + e / K}, PyTorch's {@code label_smoothing}.
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
    return forward(probs, probsOff, logits, logitsOff, labels, n, k, 0f);
  }

  /**
   * Writes the softmax of every row and returns the mean cross-entropy against smoothed labels.
   * Smoothing 0 gives {@link #forward(float[], int, float[], int, int[], int, int)}'s loss to the
   * bit.
   *
   * @param smoothing the share {@code e} of each target spread evenly over all K classes, in [0, 1)
   * @return mean over the batch of {@code -(1 - e) log p[label] - e/K sum_j log p[j]}
   * @throws IllegalArgumentException if a label is outside [0, K) or the smoothing outside [0, 1)
   */
  public static double forward(float[] probs, int probsOff, float[] logits, int logitsOff,
      int[] labels, int n, int k, float smoothing) {
    checkLabels(labels, n, k);
    checkSmoothing(smoothing);
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
      // -log p[j] = log(sum) - (z[j] - max), exact even when p[j] underflows.
      double labelTerm = logits[row + labels[img]] - (double) max;
      if (smoothing == 0) {
        loss += Math.log(sum) - labelTerm;
      } else {
        double meanTerm = 0;
        for (int j = 0; j < k; j++) {
          meanTerm += logits[row + j] - (double) max;
        }
        meanTerm /= k;
        loss += Math.log(sum) - (1 - (double) smoothing) * labelTerm - smoothing * meanTerm;
      }
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
    backward(dLogits, dOff, probs, probsOff, labels, n, k, 0f);
  }

  /**
   * dLogits += (probs - target) / N with the smoothed target {@code (1 - e) * onehot + e / K},
   * the gradient of the smoothed mean loss; smoothing 0 gives the plain gradient to the bit.
   *
   * @param smoothing as given to {@link #forward(float[], int, float[], int, int[], int, int,
   *     float)}
   */
  public static void backward(float[] dLogits, int dOff, float[] probs, int probsOff,
      int[] labels, int n, int k, float smoothing) {
    checkLabels(labels, n, k);
    checkSmoothing(smoothing);
    float scale = 1f / n;
    float spread = smoothing / k;
    float onLabel = 1f - smoothing + spread;
    for (int img = 0; img < n; img++) {
      for (int j = 0; j < k; j++) {
        float target = j == labels[img] ? onLabel : spread;
        dLogits[dOff + img * k + j] += (probs[probsOff + img * k + j] - target) * scale;
      }
    }
  }

  private static void checkSmoothing(float smoothing) {
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException(
          "Label smoothing is " + smoothing + " but must be in [0, 1).");
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
