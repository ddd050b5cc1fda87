package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Tensor comparison for kernel tests: on failure it names the first mismatches with their indices
 * and the largest absolute and relative differences, so a broken tail or tile is easy to locate.
 */
final class TensorAssert {

  private static final int SHOWN = 5;

  private TensorAssert() {}

  /**
   * Fails unless |expected - actual| <= atol + rtol * |expected| at every index.
   *
   * @param what name of the tensor, printed on failure
   * @param expected reference values, any shape, flattened
   * @param actual values under test, same length as {@code expected}
   */
  static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " floats but got " + actual.length);
    }
    StringBuilder shown = new StringBuilder();
    int bad = 0;
    double maxAbs = 0;
    double maxRel = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      double abs = Math.abs(e - a);
      double rel = abs / Math.max(Math.abs(e), 1e-30);
      boolean nan = Double.isNaN(e) != Double.isNaN(a);
      maxAbs = Math.max(maxAbs, abs);
      if (abs > atol) {
        maxRel = Math.max(maxRel, rel);
      }
      if (nan || abs > atol + rtol * Math.abs(e)) {
        if (bad < SHOWN) {
          shown.append(String.format("%n  [%d] expected %.9g actual %.9g", i, e, a));
        }
        bad++;
      }
    }
    if (bad > 0) {
      fail(
          String.format(
              "%s: %d of %d values differ (rtol %.1e, atol %.1e); largest abs diff %.3e, "
                  + "largest rel diff %.3e (where abs diff > atol); first mismatches:%s",
              what, bad, expected.length, rtol, atol, maxAbs, maxRel, shown));
    }
  }

  /** Fails unless the two arrays are bit-identical. */
  static void assertBitIdentical(String what, float[] expected, float[] actual) {
    assertClose(what, expected, actual, 0, 0);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": bits differ at [" + i + "]: " + expected[i] + " vs " + actual[i]);
      }
    }
  }

  /** A fresh array of uniform values in [-1, 1). */
  static float[] random(Random random, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = random.nextFloat() * 2f - 1f;
    }
    return x;
  }

  /** Dot product in double, the scalar loss L = sum(x * weights) of gradient checks. */
  static double dot(float[] x, int off, float[] weights) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (double) x[off + i] * weights[i];
    }
    return sum;
  }

  /** Twice every element: what a gradient holds after backward ran twice from zero. */
  static float[] doubled(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 2 * x[i];
    }
    return y;
  }
}
