package org.skipline.data;

import java.util.Arrays;

/**
 * Random erasing (Zhong, Zheng, Kang, Li and Yang, "Random Erasing Data Augmentation", AAAI
 * 2020): with probability {@code probability}, a rectangle of a random share of the image's area
 * and a random aspect ratio, at a random place, is erased in every channel.
 *
 * <p>As in the authors' algorithm, a rectangle of area {@code A * U(minArea, maxArea)} and aspect
 * ratio {@code U(minAspect, maxAspect)} (height over width, rounded to whole pixels) is drawn up
 * to {@value #ATTEMPTS} times until one fits strictly inside the image; if none does, nothing is
 * erased. The rectangle is set to 0 in normalised space, the training set's channel mean (the
 * authors' "RE-M" fill, which is also what the crop's padding holds), rather than to random
 * values.
 *
 * <p>Every choice comes from {@code key} alone, through SplitMix64 steps in local variables: the
 * same key erases the same rectangle, on any thread, without allocating.
 *
 * @param probability chance that an image is erased at all, in [0, 1] (the authors: 0.5)
 * @param minArea smallest share of the image's area erased, in (0, 1] (0.02)
 * @param maxArea largest share, at least {@code minArea} and at most 1 (0.4)
 * @param minAspect smallest height-to-width ratio, positive (0.3)
 * @param maxAspect largest ratio, at least {@code minAspect} (1 / 0.3)
 */
public record RandomErasing(double probability, double minArea, double maxArea, double minAspect,
    double maxAspect) implements java.io.Serializable {

  /** No erasing. */
  public static final RandomErasing NONE = new RandomErasing(0, 0.02, 0.4, 0.3, 1 / 0.3);

  /** The authors' setting: p = 0.5, area 0.02 to 0.4, aspect ratio 0.3 to 1/0.3. */
  public static final RandomErasing ZHONG = new RandomErasing(0.5, 0.02, 0.4, 0.3, 1 / 0.3);

  /** Rectangles drawn at most per image before giving up, as in the authors' code. */
  public static final int ATTEMPTS = 100;

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  public RandomErasing {
    check(probability >= 0 && probability <= 1,
        "the erasing probability must be in [0, 1], got " + probability);
    check(minArea > 0 && minArea <= maxArea && maxArea <= 1,
        "the erased area must be a range of shares with 0 < min <= max <= 1, got " + minArea
            + " to " + maxArea);
    check(minAspect > 0 && minAspect <= maxAspect && Double.isFinite(maxAspect),
        "the erased aspect ratio must be a range with 0 < min <= max, got " + minAspect + " to "
            + maxAspect);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Whether this erases any image at all. */
  public boolean enabled() {
    return probability > 0;
  }

  /**
   * Erases a random rectangle of one normalised image, or nothing, as {@code key} decides.
   *
   * @param image holds {@code [C, H, W]} at {@code offset}, changed in place
   * @return whether a rectangle was erased
   */
  public boolean apply(float[] image, int offset, int channels, int height, int width,
      long key) {
    long state = key;
    state += GOLDEN_GAMMA;
    if (uniform(BatchLoader.mix(state)) >= probability) {
      return false;
    }
    double area = (double) height * width;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      state += GOLDEN_GAMMA;
      double target = area * (minArea + (maxArea - minArea) * uniform(BatchLoader.mix(state)));
      state += GOLDEN_GAMMA;
      double aspect = minAspect + (maxAspect - minAspect) * uniform(BatchLoader.mix(state));
      int h = (int) Math.round(Math.sqrt(target * aspect));
      int w = (int) Math.round(Math.sqrt(target / aspect));
      if (h < height && w < width) {
        state += GOLDEN_GAMMA;
        long bits = BatchLoader.mix(state);
        int top = (int) ((bits >>> 33) % (height - h + 1));
        int left = (int) ((bits & 0x7fffffffL) % (width - w + 1));
        for (int c = 0; c < channels; c++) {
          for (int y = top; y < top + h; y++) {
            int row = offset + (c * height + y) * width;
            Arrays.fill(image, row + left, row + left + w, 0f);
          }
        }
        return true;
      }
    }
    return false;
  }

  /** A double uniform in [0, 1) from the top 53 bits. */
  private static double uniform(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }
}
