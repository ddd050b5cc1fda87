package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link RandomErasing}: the rectangle's place, size and frequency, and its determinism. */
class RandomErasingTest {
  private static final int C = 2;
  private static final int H = 28;
  private static final int W = 28;

  private static float[] ones() {
    float[] image = new float[C * H * W];
    Arrays.fill(image, 1f);
    return image;
  }

  /** The erased pixels of channel 0 as {top, left, height, width}, or null if none. */
  private static int[] box(float[] image) {
    int top = H;
    int left = W;
    int bottom = -1;
    int right = -1;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (image[y * W + x] == 0f) {
          top = Math.min(top, y);
          left = Math.min(left, x);
          bottom = Math.max(bottom, y);
          right = Math.max(right, x);
        }
      }
    }
    return bottom < 0 ? null : new int[] {top, left, bottom - top + 1, right - left + 1};
  }

  @Test
  void erasesOneRectangleOfTheGivenAreaAndAspectInEveryChannel() {
    RandomErasing always = new RandomErasing(1, 0.02, 0.4, 0.3, 1 / 0.3);
    for (long key = 0; key < 200; key++) {
      float[] image = ones();
      assertTrue(always.apply(image, 0, C, H, W, key), "key " + key);
      int[] b = box(image);
      int zeros = 0;
      for (float v : image) {
        zeros += v == 0f ? 1 : 0;
      }
      // A solid rectangle, the same in both channels.
      assertEquals(2 * b[2] * b[3], zeros, "key " + key);
      assertArrayEquals(Arrays.copyOfRange(image, 0, H * W),
          Arrays.copyOfRange(image, H * W, 2 * H * W));
      assertTrue(b[2] < H && b[3] < W);
      // Rounding each side to whole pixels moves the area a little beyond its range.
      double share = b[2] * b[3] / (double) (H * W);
      assertTrue(share > 0.01 && share < 0.45, "share " + share);
      double aspect = b[2] / (double) b[3];
      assertTrue(aspect > 0.2 && aspect < 5, "aspect " + aspect);
    }
  }

  @Test
  void theSameKeyErasesTheSameRectangleAndOthersDiffer() {
    float[] a = ones();
    float[] b = ones();
    RandomErasing.ZHONG.apply(a, 0, C, H, W, 12345);
    RandomErasing.ZHONG.apply(b, 0, C, H, W, 12345);
    assertArrayEquals(a, b);
    int distinct = 0;
    int[] first = null;
    for (long key = 0; key < 50; key++) {
      float[] image = ones();
      new RandomErasing(1, 0.02, 0.4, 0.3, 1 / 0.3).apply(image, 0, C, H, W, key);
      int[] box = box(image);
      if (first == null) {
        first = box;
      } else if (!Arrays.equals(first, box)) {
        distinct++;
      }
    }
    assertTrue(distinct > 40, distinct + " of 49 differ from the first");
  }

  @Test
  void erasesAboutTheGivenShareOfImages() {
    int erased = 0;
    for (long key = 0; key < 4000; key++) {
      if (RandomErasing.ZHONG.apply(ones(), 0, C, H, W, key * 7919)) {
        erased++;
      }
    }
    assertTrue(erased > 1850 && erased < 2150, erased + " of 4000");
    float[] image = ones();
    assertFalse(RandomErasing.NONE.apply(image, 0, C, H, W, 1));
    assertArrayEquals(ones(), image);
  }

  @Test
  void aRectangleThatNeverFitsErasesNothing() {
    // A square of 2.4 to 4 pixels rounds to 2x2, which never fits strictly inside a 2x2 image.
    RandomErasing large = new RandomErasing(1, 0.6, 1, 1, 1);
    float[] image = {1, 1, 1, 1};
    assertFalse(large.apply(image, 0, 1, 2, 2, 3));
    assertArrayEquals(new float[] {1, 1, 1, 1}, image);
  }

  @Test
  void badRangesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RandomErasing(1.5, 0.02, 0.4, 0.3, 3));
    assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.5, 0.4, 0.3, 3));
    assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0, 0.4, 0.3, 3));
    assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.02, 0.4, 3, 0.3));
  }
}
