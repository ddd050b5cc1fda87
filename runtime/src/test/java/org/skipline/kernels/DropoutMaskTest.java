package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link DropoutMask}: values, rate, and masks that depend only on their key and index. */
class DropoutMaskTest {

  private static final int LEN = 100_000;

  @Test
  void keepsOneMinusPOfTheValuesScaledByItsInverse() {
    for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
      float[] mask = new float[LEN];
      DropoutMask.fill(mask, 0, LEN, 7, 3, 2, 0, p);
      long kept = Arrays.stream(box(mask)).filter(v -> v != 0).count();
      for (float v : mask) {
        assertTrue(v == 0f || v == 1f / (1f - p), "mask value " + v);
      }
      // Binomial: the standard deviation of the kept share is under 0.002 at this length.
      assertEquals(1 - p, kept / (double) LEN, 0.01, "kept share at p = " + p);
    }
  }

  @Test
  void probabilityZeroKeepsEverythingUnscaled() {
    float[] mask = new float[1000];
    DropoutMask.fill(mask, 0, mask.length, 1, 1, 1, 0, 0f);
    float[] ones = new float[1000];
    Arrays.fill(ones, 1f);
    assertArrayEquals(ones, mask);
  }

  @Test
  void aMaskFilledInPiecesIsTheWholeMask() {
    float[] whole = new float[1000];
    DropoutMask.fill(whole, 0, 1000, 5, 9, 4, 0, 0.5f);
    float[] pieces = new float[1000];
    DropoutMask.fill(pieces, 0, 333, 5, 9, 4, 0, 0.5f);
    DropoutMask.fill(pieces, 333, 667, 5, 9, 4, 333, 0.5f);
    assertArrayEquals(whole, pieces);
  }

  @Test
  void seedStepAndStreamEachChangeTheMask() {
    float[] base = fill(5, 9, 4);
    assertArrayEquals(base, fill(5, 9, 4));
    assertFalse(Arrays.equals(base, fill(6, 9, 4)), "seed");
    assertFalse(Arrays.equals(base, fill(5, 10, 4)), "step");
    assertFalse(Arrays.equals(base, fill(5, 9, 5)), "stream");
  }

  private static float[] fill(long seed, long step, int stream) {
    float[] mask = new float[256];
    DropoutMask.fill(mask, 0, mask.length, seed, step, stream, 0, 0.5f);
    return mask;
  }

  private static Float[] box(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
