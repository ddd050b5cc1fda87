package org.skipline.benchmarks;

import java.util.Random;

/** The benchmarks' input data. */
final class Inputs {

  private Inputs() {}

  /**
   * Values uniform in [-1, 1]: no subnormal numbers, which some cores handle slowly, and no
   * values large enough for sums over a benchmark's calls to overflow.
   */
  static float[] uniform(Random random, int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return values;
  }
}
