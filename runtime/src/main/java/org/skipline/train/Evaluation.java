package org.skipline.train;

import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.runtime.Network;

/**
 * Loss and accuracy of a network on a whole split, in evaluation mode (running batch-norm
 * statistics), in data set order, without augmentation.
 *
 * @param loss mean softmax cross-entropy
 * @param accuracy fraction of images whose label has the largest logit
 */
public record Evaluation(double loss, double accuracy) {

  /**
   * Evaluates {@code net} on {@code data} in batches of {@code labels.length} images, normalised
   * with {@code norm}.
   *
   * @param images scratch for one batch, at least {@code labels.length} images
   * @param labels scratch for one batch's labels; its length is the batch size, which the network
   *     must hold
   */
  public static Evaluation of(
      Network net, Dataset data, Normalization norm, float[] images, int[] labels) {
    int batch = labels.length;
    int imageSize = data.channels() * data.height() * data.width();
    double lossSum = 0;
    long correct = 0;
    for (int start = 0; start < data.size(); start += batch) {
      int n = Math.min(batch, data.size() - start);
      System.arraycopy(data.images(), start * imageSize, images, 0, n * imageSize);
      norm.apply(images, 0, n, data.channels(), data.height() * data.width());
      System.arraycopy(data.labels(), start, labels, 0, n);
      net.forward(images, n, false);
      lossSum += net.loss(labels) * n;
      correct += net.correctPredictions();
    }
    return new Evaluation(lossSum / data.size(), correct / (double) data.size());
  }
}
