package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-worked examples of the flip and the zero-padded crop. */
class AugmentationTest {
  /** A 1x3x3 image: 1 2 3 / 4 5 6 / 7 8 9. */
  private static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  private static float[] augment(
      float[] src, int channels, int h, int w, int dy, int dx, boolean flip) {
    float[] dst = new float[src.length];
    Arrays.fill(dst, -1f);
    Augmentation.padCropFlip(dst, 0, src, 0, channels, h, w, dy, dx, flip);
    return dst;
  }

  @Test
  void centredCropWithoutFlipIsTheImage() {
    assertArrayEquals(IMAGE, augment(IMAGE, 1, 3, 3, 4, 4, false));
  }

  @Test
  void flipMirrorsEachRow() {
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, augment(IMAGE, 1, 3, 3, 4, 4, true));
  }

  @Test
  void cropShiftsAndFillsWithZeros() {
    // dy = 5: output row y is image row y + 1; dx = 3: output column x is image column x - 1.
    assertArrayEquals(
        new float[] {0, 4, 5, 0, 7, 8, 0, 0, 0}, augment(IMAGE, 1, 3, 3, 5, 3, false));
  }

  @Test
  void flipComesBeforeTheCrop() {
    // Flipped image 3 2 1 / 6 5 4 / 9 8 7, then dy = 3 (down one row), dx = 5 (left one column).
    assertArrayEquals(new float[] {0, 0, 0, 2, 1, 0, 5, 4, 0}, augment(IMAGE, 1, 3, 3, 3, 5, true));
  }

  @Test
  void cornerCropsOfALargerImage() {
    // 2 channels of 5x6; offsets 0 and 8 show only the padding's corner and its opposite.
    float[] src = new float[2 * 5 * 6];
    for (int i = 0; i < src.length; i++) {
      src[i] = i + 1;
    }
    float[] topLeft = augment(src, 2, 5, 6, 0, 0, false);
    float[] expected = new float[src.length];
    // Output (y, x) reads source (y - 4, x - 4): only y = 4, x = 4..5 are inside.
    for (int c = 0; c < 2; c++) {
      expected[c * 30 + 4 * 6 + 4] = src[c * 30];
      expected[c * 30 + 4 * 6 + 5] = src[c * 30 + 1];
    }
    assertArrayEquals(expected, topLeft);
    float[] bottomRightFlipped = augment(src, 2, 5, 6, 8, 8, true);
    // Output (y, x) reads flipped (y + 4, x + 4) = source (y + 4, 1 - x): only y = 0, x = 0..1.
    expected = new float[src.length];
    for (int c = 0; c < 2; c++) {
      expected[c * 30] = src[c * 30 + 4 * 6 + 1];
      expected[c * 30 + 1] = src[c * 30 + 4 * 6];
    }
    assertArrayEquals(expected, bottomRightFlipped);
  }

  @Test
  void offsetsOutsideThePaddingAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> augment(IMAGE, 1, 3, 3, 9, 0, false));
    assertThrows(IllegalArgumentException.class, () -> augment(IMAGE, 1, 3, 3, 0, -1, false));
  }

  @Test
  void mirrorReversesEveryRowOfEveryImageInPlace() {
    // Two 1x2x3 images: rows 1 2 3 / 4 5 6 and 7 8 9 / 10 11 12.
    float[] images = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Augmentation.mirror(images, 1, 2, 1, 2, 3);
    assertArrayEquals(new float[] {0, 3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, images);
    Augmentation.mirror(images, 1, 2, 1, 2, 3);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, images);
    float[] even = {1, 2, 3, 4};
    Augmentation.mirror(even, 0, 1, 1, 1, 4);
    assertArrayEquals(new float[] {4, 3, 2, 1}, even);
  }
}
