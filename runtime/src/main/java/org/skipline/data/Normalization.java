package org.skipline.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-channel mean and standard deviation of a training set, in pixel units, and the map {@code x
 * -> (x - mean[c]) / std[c]} that gives every channel mean 0 and standard deviation 1.
 *
 * <p>The authors' code normalises CIFAR with fixed statistics of the training set (mean 125.3,
 * 123.0, 113.9; std 63.0, 62.1, 66.7); {@link #of} computes the same quantities for any data set.
 * The standard deviation is the population one (divide by the count), as in those figures.
 *
 * @param mean {@code [C]} per-channel mean
 * @param std {@code [C]} per-channel standard deviation, all positive
 */
public record Normalization(float[] mean, float[] std) implements java.io.Serializable {

  /** Checks that both arrays have one positive entry per channel. */
  public Normalization {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "normalisation needs one mean and one std per channel, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new IllegalArgumentException(
            "normalisation of channel " + c + " has mean " + mean[c] + " and std " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * Computes the per-channel mean and standard deviation of a training set, accumulating in double.
   * A channel that is constant gets standard deviation 1 rather than 0, so normalising only centres
   * it instead of dividing by zero.
   *
   * @param train the training split
   * @return the statistics of {@code train}
   */
  public static Normalization of(Dataset train) {
    int channels = train.channels();
    int pixels = train.height() * train.width();
    double[] sum = new double[channels];
    double[] sumSquares = new double[channels];
    float[] images = train.images();
    for (int i = 0; i < train.size(); i++) {
      for (int c = 0; c < channels; c++) {
        int base = (i * channels + c) * pixels;
        // A per-image partial sum keeps the double accumulators' rounding error small.
        double s = 0;
        double ss = 0;
        for (int p = 0; p < pixels; p++) {
          double x = images[base + p];
          s += x;
          ss += x * x;
        }
        sum[c] += s;
        sumSquares[c] += ss;
      }
    }
    double count = (double) train.size() * pixels;
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = count == 0 ? 0 : sum[c] / count;
      double variance = count == 0 ? 0 : Math.max(0, sumSquares[c] / count - m * m);
      double s = Math.sqrt(variance);
      mean[c] = (float) m;
      std[c] = s > 1e-6 ? (float) s : 1f;
    }
    return new Normalization(mean, std);
  }

  /**
   * Returns the statistics that leave pixel values unchanged (mean 0, std 1).
   *
   * @param channels C
   * @return the identity normalisation for {@code channels} channels
   */
  public static Normalization identity(int channels) {
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Normalization(new float[channels], ones);
  }

  /**
   * Returns the number of channels C.
   *
   * @return C
   */
  public int channels() {
    return mean.length;
  }

  /**
   * Normalises {@code n} images in place.
   *
   * @param images holds {@code [n, channels, pixels]} values starting at {@code offset}
   * @param offset index of the first value of the first image
   * @param n number of images
   * @param channels C, which must equal this normalisation's channel count
   * @param pixels H*W, values per channel of one image
   */
  public void apply(float[] images, int offset, int n, int channels, int pixels) {
    if (channels != mean.length) {
      throw new IllegalArgumentException(
          "normalisation has " + mean.length + " channels, images have " + channels);
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        float m = mean[c];
        float s = std[c];
        int base = offset + (i * channels + c) * pixels;
        for (int p = base; p < base + pixels; p++) {
          images[p] = (images[p] - m) / s;
        }
      }
    }
  }

  /**
   * Returns a copy of the per-channel means.
   *
   * @return {@code [C]} means
   */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /**
   * Returns a copy of the per-channel standard deviations.
   *
   * @return {@code [C]} standard deviations
   */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** Metadata key of the per-channel means in a weights file, comma-separated. */
  public static final String MEAN_KEY = "normalization_mean";
  /** Metadata key of the per-channel standard deviations, comma-separated. */
  public static final String STD_KEY = "normalization_std";

  /**
   * The statistics as metadata of a weights file, so that a program that classifies new images
   * with the weights normalises them exactly as training did.
   */
  public Map<String, String> metadata() {
    return Map.of(MEAN_KEY, join(mean), STD_KEY, join(std));
  }

  /** The statistics that {@link #metadata()} wrote, or empty if {@code metadata} has none. */
  public static Optional<Normalization> fromMetadata(Map<String, String> metadata) {
    String mean = metadata.get(MEAN_KEY);
    String std = metadata.get(STD_KEY);
    if (mean == null || std == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Normalization(split(mean), split(std)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String join(float[] values) {
    StringBuilder text = new StringBuilder();
    for (float v : values) {
      text.append(text.isEmpty() ? "" : ",").append(Float.toString(v));
    }
    return text.toString();
  }

  private static float[] split(String text) {
    String[] parts = text.split(",", -1);
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i].strip());  // NumberFormatException is an IAE
    }
    return values;
  }
}
