package org.skipline.data;

import java.util.Arrays;

/**
 * The paper's training augmentation for one image of any size: a horizontal flip with probability
 * 1/2, then zero padding of {@link #PAD} pixels on every side and a random crop back to H x W.
 *
 * <p>As in the authors' code, it runs after normalisation, so the padding is zero in normalised
 * space (the channel mean in pixel space), and the flip comes before the crop. Dimension letters: C
 * channels, H rows, W columns.
 */
public final class Augmentation {
  /** Pixels of zero padding on each side before the random crop (4 in the paper). */
  public static final int PAD = 4;

  /** Number of possible crop offsets along each axis, 0 to {@code 2 * PAD}. */
  public static final int OFFSETS = 2 * PAD + 1;

  private Augmentation() {}

  /**
   * Writes one flipped, padded and cropped image: {@code dst[c][y][x] = flipped[c][y + dy - PAD][x
   * + dx - PAD]}, or 0 where that falls in the padding, with {@code flipped[c][y][x] = src[c][y][W
   * - 1 - x]} when {@code flip} is set. Offsets {@code dy = dx = PAD} and no flip copy the image.
   *
   * @param dst receives {@code [C, H, W]} at {@code dstOffset}
   * @param dstOffset index of the first output value
   * @param src holds {@code [C, H, W]} at {@code srcOffset}; must not overlap {@code dst}'s range
   * @param srcOffset index of the first input value
   * @param channels C
   * @param height H
   * @param width W
   * @param dy row of the crop's top-left corner in the padded image, 0 to {@code 2 * PAD}
   * @param dx column of the crop's top-left corner in the padded image, 0 to {@code 2 * PAD}
   * @param flip whether to mirror the image left to right first
   */
  public static void padCropFlip(
      float[] dst,
      int dstOffset,
      float[] src,
      int srcOffset,
      int channels,
      int height,
      int width,
      int dy,
      int dx,
      boolean flip) {
    if (dy < 0 || dy >= OFFSETS || dx < 0 || dx >= OFFSETS) {
      throw new IllegalArgumentException(
          "crop offset (" + dy + ", " + dx + ") is outside 0.." + (OFFSETS - 1));
    }
    int shiftY = dy - PAD;
    int shiftX = dx - PAD;
    // Output columns [x0, x1) read a source column; the rest are padding.
    int x0 = Math.max(0, -shiftX);
    int x1 = Math.min(width, width - shiftX);
    for (int c = 0; c < channels; c++) {
      int srcPlane = srcOffset + c * height * width;
      int dstPlane = dstOffset + c * height * width;
      for (int y = 0; y < height; y++) {
        int row = dstPlane + y * width;
        int sy = y + shiftY;
        if (sy < 0 || sy >= height || x0 >= x1) {
          Arrays.fill(dst, row, row + width, 0f);
          continue;
        }
        int srcRow = srcPlane + sy * width;
        Arrays.fill(dst, row, row + x0, 0f);
        if (flip) {
          // flipped column x + shiftX is source column W - 1 - x - shiftX.
          int s = srcRow + width - 1 - shiftX;
          for (int x = x0; x < x1; x++) {
            dst[row + x] = src[s - x];
          }
        } else {
          System.arraycopy(src, srcRow + x0 + shiftX, dst, row + x0, x1 - x0);
        }
        Arrays.fill(dst, row + x1, row + width, 0f);
      }
    }
  }

  /**
   * Mirrors {@code count} images left to right in place: {@code x} becomes {@code W - 1 - x} in
   * every row of every channel (test-time augmentation averages the logits of both).
   *
   * @param images holds {@code [count, C, H, W]} at {@code offset}
   */
  public static void mirror(float[] images, int offset, int count, int channels, int height,
      int width) {
    int rows = count * channels * height;
    for (int r = 0; r < rows; r++) {
      int left = offset + r * width;
      int right = left + width - 1;
      for (; left < right; left++, right--) {
        float t = images[left];
        images[left] = images[right];
        images[right] = t;
      }
    }
  }
}
