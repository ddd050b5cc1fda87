package org.skipline.data;

import java.util.SplittableRandom;

/**
 * Generated images whose class is learnable, for smoke tests that need no downloaded data.
 *
 * <p>Each class has a fixed brightness per channel and a fixed stripe direction and frequency; an
 * image is its class's stripes at a random phase, plus uniform noise, rounded to integer pixel
 * values in 0..255. Brightness survives global average pooling and stripes survive crops and flips,
 * so a small network's loss falls within a few hundred steps while single images stay ambiguous
 * enough that accuracy is not trivially 100%. Everything is a function of the shape, the class
 * count and the image index, so every run sees identical data.
 */
final class SyntheticData {
  private static final long TRAIN_SEED = 0x5eed_0001L;
  private static final long TEST_SEED = 0x5eed_0002L;
  private static final long CLASS_SEED = 0x5eed_c1a5L;

  private SyntheticData() {}

  /** Generates train and test splits of the given shape. */
  static Splits generate(
      int channels, int height, int width, int classes, int trainCount, int testCount) {
    double[][] brightness = new double[classes][channels];
    double[] fy = new double[classes];
    double[] fx = new double[classes];
    SplittableRandom random = new SplittableRandom(CLASS_SEED);
    for (int k = 0; k < classes; k++) {
      for (int c = 0; c < channels; c++) {
        brightness[k][c] = 70 + 110 * random.nextDouble();
      }
      // Direction and frequency (1 to 4 cycles across the image) differ between classes.
      double angle = Math.PI * k / classes + 0.3 * random.nextDouble();
      double cycles = 1 + 3 * random.nextDouble();
      fy[k] = 2 * Math.PI * cycles * Math.sin(angle) / height;
      fx[k] = 2 * Math.PI * cycles * Math.cos(angle) / width;
    }
    String shape = channels + "x" + height + "x" + width;
    return new Splits(
        make(
            "synthetic/train " + shape,
            TRAIN_SEED,
            trainCount,
            channels,
            height,
            width,
            classes,
            brightness,
            fy,
            fx),
        make(
            "synthetic/test " + shape,
            TEST_SEED,
            testCount,
            channels,
            height,
            width,
            classes,
            brightness,
            fy,
            fx));
  }

  private static Dataset make(
      String name,
      long seed,
      int n,
      int channels,
      int height,
      int width,
      int classes,
      double[][] brightness,
      double[] fy,
      double[] fx) {
    int size = channels * height * width;
    float[] images = new float[n * size];
    int[] labels = new int[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int k = i % classes;
      labels[i] = k;
      double phase = 2 * Math.PI * random.nextDouble();
      for (int c = 0; c < channels; c++) {
        double amplitude = 25 + 10 * c;
        int base = i * size + c * height * width;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            double v =
                brightness[k][c]
                    + amplitude * Math.sin(fy[k] * y + fx[k] * x + phase)
                    + 60 * (random.nextDouble() - 0.5);
            images[base + y * width + x] = (float) Math.rint(Math.clamp(v, 0, 255));
          }
        }
      }
    }
    return new Dataset(name, channels, height, width, classes, images, labels);
  }
}
