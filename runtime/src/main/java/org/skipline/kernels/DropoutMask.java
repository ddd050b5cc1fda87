package org.skipline.kernels;

/**
 * The dropout shortcut's masks: 0 for a dropped value, {@code 1 / (1 - p)} for a kept one
 * (inverted dropout). Each element's fate is a hash of the seed, the training step, the unit
 * ({@code stream}) and the element's index in the batch, so a mask is the same whatever threads
 * fill it, a resumed run draws the masks it would have drawn, and the backward pass could redraw
 * them; no random generator carries state between steps. The hash is SplitMix64's finaliser.
 */
public final class DropoutMask {

  private DropoutMask() {}

  /**
   * Fills {@code len} mask values for the elements {@code [first, first + len)} of the batch.
   *
   * @param mask output [len], overwritten
   * @param p probability of dropping a value, in [0, 1)
   */
  public static void fill(float[] mask, int maskOff, int len, long seed, long step, int stream,
      long first, float p) {
    float kept = 1f / (1f - p);
    long key = mix(mix(mix(seed) ^ step) ^ stream);
    for (int i = 0; i < len; i++) {
      mask[maskOff + i] = uniform(key, first + i) < p ? 0f : kept;
    }
  }

  /** A uniform number in [0, 1) with 24 random bits, the float's precision, for one element. */
  static double uniform(long key, long element) {
    return (mix(key + element * 0x9E3779B97F4A7C15L) >>> 40) * 0x1p-24;
  }

  /** SplitMix64's finaliser: every input bit changes about half the output bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
