package org.skipline.train;

import org.skipline.data.Augmentation;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.kernels.SoftmaxCrossEntropy;
import org.skipline.runtime.Network;

/**
 * Loss and accuracy of a network on a whole split, in evaluation mode (running batch-norm
 * statistics), in data set order, without augmentation, or with test-time mirroring: the logits
 * of each image and of its mirror image averaged.
 *
 * @param loss mean softmax cross-entropy against the plain labels, never smoothed ones
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
    return of(net, data, norm, images, labels, false);
  }

  /**
   * Evaluates as {@link #of(Network, Dataset, Normalization, float[], int[])} does, with {@code
   * mirror}, on the average of the logits of each image and its left-right mirror image.
   */
  public static Evaluation of(Network net, Dataset data, Normalization norm, float[] images,
      int[] labels, boolean mirror) {
    int batch = labels.length;
    int imageSize = data.channels() * data.height() * data.width();
    int classes = net.plan().logits().shape().channels();
    float[] probabilities = mirror ? new float[batch * classes] : null;
    double lossSum = 0;
    long correct = 0;
    for (int start = 0; start < data.size(); start += batch) {
      int n = Math.min(batch, data.size() - start);
      System.arraycopy(data.images(), start * imageSize, images, 0, n * imageSize);
      norm.apply(images, 0, n, data.channels(), data.height() * data.width());
      System.arraycopy(data.labels(), start, labels, 0, n);
      if (!mirror) {
        net.forward(images, n, false);
        lossSum += net.loss(labels) * n;
        correct += net.correctPredictions();
        continue;
      }
      float[] logits = mirroredLogits(net, images, n, data.channels(), data.height(),
          data.width(), false);
      lossSum += SoftmaxCrossEntropy.forward(probabilities, 0, logits, 0, labels, n, classes) * n;
      correct += correct(logits, labels, n, classes);
    }
    return new Evaluation(lossSum / data.size(), correct / (double) data.size());
  }

  /**
   * The logits of each image and of its mirror image, averaged: {@code [N, classes]}.
   *
   * @param images {@code [N, C, H, W]}, left as they are (the mirror images go to a copy)
   * @param training whether the passes normalise with the batch's statistics
   */
  public static float[] mirroredLogits(Network net, float[] images, int n, int channels,
      int height, int width, boolean training) {
    net.forward(images, n, training);
    float[] logits = net.logits();
    float[] mirrored = images.clone();
    Augmentation.mirror(mirrored, 0, n, channels, height, width);
    net.forward(mirrored, n, training);
    float[] other = net.logits();
    for (int i = 0; i < logits.length; i++) {
      logits[i] = 0.5f * (logits[i] + other[i]);
    }
    return logits;
  }

  /** How many of {@code n} images have their label as the largest logit (the first, on ties). */
  private static long correct(float[] logits, int[] labels, int n, int classes) {
    long correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[i * classes + k] > logits[i * classes + best]) {
          best = k;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return correct;
  }
}
