package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.random;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@link Gemm} variants against their scalar references, at shapes with tails. */
class GemmTest {

  private static final double RTOL = 1e-4;
  private static final double ATOL = 1e-5;

  /** Offsets that are not multiples of the vector length catch aligned-load assumptions. */
  private static final int OFF = 3;

  @FunctionalInterface
  private interface Kernel {
    void run(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k);
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({
    "1, 1, 1",
    "4, 48, 5",
    "5, 7, 13",
    "7, 33, 65",
    "13, 65, 17",
    "13, 33, 7",
    "17, 80, 20",
    "8, 96, 300",
    "17, 13, 600",
    "3, 200, 3",
    "16, 49, 1",
    // Four and eight vectors wide at 512 bits, with rows left over from 4 x 4 tiles.
    "13, 64, 20",
    "6, 128, 9",
    // Rows 6i + 2: two 4 x 4 tiles end them.
    "32, 128, 40",
    "8, 64, 7"
  })
  void nnMatchesScalar(int m, int n, int k) {
    check("nn", Gemm::nn, Gemm::nnScalar, m, n, k);
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({
    "1, 1, 1",
    "4, 2, 5",
    "5, 7, 13",
    "7, 33, 65",
    "13, 65, 17",
    "8, 9, 300",
    "17, 3, 600",
    "3, 200, 3",
    "16, 49, 1",
    "5, 100, 300",
    "9, 193, 257"
  })
  void ntMatchesScalar(int m, int n, int k) {
    check("nt", Gemm::nt, Gemm::ntScalar, m, n, k);
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({
    "1, 1, 1",
    "4, 48, 5",
    "5, 7, 13",
    "7, 33, 65",
    "13, 65, 17",
    "13, 33, 7",
    "17, 80, 20",
    "8, 96, 300",
    "17, 13, 600",
    "3, 200, 3",
    "16, 49, 1"
  })
  void tnMatchesScalar(int m, int n, int k) {
    check("tn", Gemm::tn, Gemm::tnScalar, m, n, k);
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1, 1, 1", "5, 7, 13", "13, 65, 17", "8, 96, 300", "17, 13, 600", "16, 49, 1",
      "7, 64, 30", "13, 33, 7", "17, 80, 300"})
  void storeVariantsOverwriteWithTheSameValues(int m, int n, int k) {
    checkStore("nnStore", Gemm::nnStore, Gemm::nnScalar, m, n, k);
    checkStore("tnStore", Gemm::tnStore, Gemm::tnScalar, m, n, k);
  }

  /**
   * Lane sums over two products (two images of a weight gradient), reduced once, equal the
   * reference adding both products into C.
   */
  @ParameterizedTest(name = "m={0} n={1} vectors of k={2}")
  @CsvSource({"1, 1, 1", "4, 4, 1", "5, 7, 3", "16, 144, 4", "17, 13, 17", "64, 16, 2"})
  void laneSumsMatchScalar(int m, int n, int kVectors) {
    int k = kVectors * Simd.SPECIES.length();
    Random random = new Random(13L * m + 3L * n + k);
    float[] a = random(random, OFF + 2 * m * k);
    float[] b = random(random, OFF + 2 * n * k);
    float[] c0 = random(random, OFF + m * n + OFF);
    float[] expected = c0.clone();
    float[] actual = c0.clone();
    float[] partial = new float[m * n * Simd.SPECIES.length()];
    for (int image = 0; image < 2; image++) {
      Gemm.ntScalar(expected, OFF, a, OFF + image * m * k, b, OFF + image * n * k, m, n, k);
    }
    // The two images one call at a time, then both in one call: the same sums, bit for bit.
    for (int image = 0; image < 2; image++) {
      Gemm.ntLanes(partial, a, OFF + image * m * k, 0, b, OFF + image * n * k, 0, m, n, k, 1);
    }
    Gemm.addLanes(actual, OFF, partial, m, n);
    assertClose("lane sums m=" + m + " n=" + n + " k=" + k, expected, actual, RTOL, ATOL * k);
    float[] together = c0.clone();
    float[] partialTogether = new float[partial.length];
    Gemm.ntLanes(partialTogether, a, OFF, m * k, b, OFF, n * k, m, n, k, 2);
    Gemm.addLanes(together, OFF, partialTogether, m, n);
    assertBitIdentical("two images in one call", actual, together);
  }

  @Test
  void laneSumsRefuseADepthThatIsNotWholeVectors() {
    int k = Simd.SPECIES.length() + 1;
    assertThrows(IllegalArgumentException.class, () -> Gemm.ntLanes(
        new float[64], new float[k], 0, 0, new float[k], 0, 0, 1, 1, k, 1));
  }

  /** A store variant on a C full of garbage equals its accumulating reference on a zeroed C. */
  private static void checkStore(String name, Kernel store, Kernel scalar, int m, int n, int k) {
    Random random = new Random(17L * m + 5L * n + k);
    float[] a = random(random, OFF + m * k);
    float[] b = random(random, OFF + n * k);
    float[] garbage = random(random, OFF + m * n + OFF);
    float[] expected = garbage.clone();
    Arrays.fill(expected, OFF, OFF + m * n, 0f);
    scalar.run(expected, OFF, a, OFF, b, OFF, m, n, k);
    float[] actual = garbage.clone();
    store.run(actual, OFF, a, OFF, b, OFF, m, n, k);
    assertClose(name + " m=" + m + " n=" + n + " k=" + k, expected, actual, RTOL, ATOL * k);
  }

  private static void check(String name, Kernel fast, Kernel scalar, int m, int n, int k) {
    Random random = new Random(31L * m + 7L * n + k);
    float[] a = random(random, OFF + m * k);
    float[] b = random(random, OFF + n * k);
    // C starts non-zero (and with guard values around it) to check accumulation and bounds.
    float[] c0 = random(random, OFF + m * n + OFF);
    float[] expected = c0.clone();
    float[] actual = c0.clone();
    scalar.run(expected, OFF, a, OFF, b, OFF, m, n, k);
    fast.run(actual, OFF, a, OFF, b, OFF, m, n, k);
    assertClose(name + " m=" + m + " n=" + n + " k=" + k, expected, actual, RTOL, ATOL * k);

    float[] again = c0.clone();
    fast.run(again, OFF, a, OFF, b, OFF, m, n, k);
    assertBitIdentical(name + " twice", actual, again);
  }

  /**
   * Blocks of columns of one product, as threads sharing an image by bands of pixels compute
   * them, give exactly what one {@link Gemm#nnStore} over all columns gives, and overwrite only
   * their own columns.
   */
  @ParameterizedTest(name = "m={0} n={1} k={2} split at {3}")
  @CsvSource({"13, 100, 37, 37", "16, 1024, 64, 512", "64, 128, 256, 64", "7, 33, 300, 16",
      "13, 100, 300, 37"})
  void columnBlocksTogetherGiveTheWholeProduct(int m, int n, int k, int split) {
    Random random = new Random(m * 1000 + n);
    float[] a = random(random, OFF + m * k);
    float[] b = random(random, OFF + k * n);
    float[] whole = random(random, OFF + m * n);
    Gemm.nnStore(whole, OFF, a, OFF, b, OFF, m, n, k);
    float[] blocks = random(random, OFF + m * n);
    System.arraycopy(whole, 0, blocks, 0, OFF);
    Gemm.nnStoreColumns(blocks, OFF + split, a, OFF, b, OFF + split, m, n - split, k, n);
    Gemm.nnStoreColumns(blocks, OFF, a, OFF, b, OFF, m, split, k, n);
    if (Simd.SCALAR) {
      assertClose("column blocks", whole, blocks, RTOL, ATOL);
    } else {
      assertBitIdentical("column blocks", whole, blocks);
    }
  }
}
