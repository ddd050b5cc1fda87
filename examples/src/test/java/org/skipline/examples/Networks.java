package org.skipline.examples;

import java.util.Random;
import org.skipline.plan.NormState;
import org.skipline.runtime.Network;

/** Deterministic inputs for network tests. */
final class Networks {

  private Networks() {}

  /** Images from N(0,1), {@code [n, size]} floats. */
  static float[] images(int n, int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** Labels uniform over the classes. */
  static int[] labels(int n, int classes, long seed) {
    Random random = new Random(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  /** Training-mode forward, loss and backward from zeroed gradients; returns the loss. */
  static double forwardBackward(Network net, float[] images, int[] labels, int n) {
    net.forward(images, n, true);
    double loss = net.loss(labels);
    net.zeroGradients();
    net.backward();
    return loss;
  }

  /**
   * Gives BN scales, shifts and running statistics random values, so that tests do not pass only
   * because {@code gamma = 1}, {@code beta = 0}, mean 0 and variance 1 hide a mistake.
   */
  static void randomizeNorms(Network net, long seed) {
    Random random = new Random(seed);
    for (NormState norm : net.plan().norms()) {
      int c = norm.channels();
      float[] scale = new float[c];
      float[] shift = new float[c];
      float[] mean = new float[c];
      float[] variance = new float[c];
      for (int i = 0; i < c; i++) {
        scale[i] = 0.5f + random.nextFloat();
        shift[i] = (float) (0.1 * random.nextGaussian());
        mean[i] = (float) (0.1 * random.nextGaussian());
        variance[i] = 0.5f + random.nextFloat();
      }
      net.setParameter(norm.weight(), scale);
      net.setParameter(norm.bias(), shift);
      net.setRunningStatistics(norm, mean, variance);
    }
  }
}
