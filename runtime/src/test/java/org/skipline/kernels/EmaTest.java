package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Ema} against its scalar reference and values computed by hand. */
class EmaTest {

  @ParameterizedTest(name = "len={0}")
  @CsvSource({"1", "7", "13", "33", "65", "1000"})
  void vectorMatchesScalarBitForBit(int len) {
    Random random = new Random(len);
    float[] average = random(random, len);
    float[] averageS = average.clone();
    for (int step = 0; step < 3; step++) {
      float[] values = random(random, len);
      Ema.updateScalar(averageS, values, 0, len, 0.999f);
      Ema.update(average, values, 0, len, 0.999f);
    }
    assertBitIdentical("average", averageS, average);
  }

  @ParameterizedTest(name = "split at {0}")
  @CsvSource({"0", "5", "16", "37", "100"})
  void runsSplitAnywhereGiveTheWholeCallsBits(int split) {
    Random random = new Random(split);
    float[] values = random(random, 100);
    float[] whole = random(random, 100);
    float[] parts = whole.clone();
    Ema.update(whole, values, 0, 100, 0.9f);
    Ema.update(parts, values, 0, split, 0.9f);
    Ema.update(parts, values, split, 100, 0.9f);
    assertBitIdentical("average", whole, parts);
  }

  @Test
  void movesTheAverageTowardsTheValues() {
    // 0.9 * 1 + 0.1 * 3 = 1.2, then 0.9 * 1.2 + 0.1 * 3 = 1.38; decay 0 copies, 1 keeps.
    float[] average = {1f, 1f, 1f};
    float[] values = {3f, 3f, 3f};
    Ema.update(average, values, 0, 1, 0.9f);
    Ema.update(average, values, 0, 1, 0.9f);
    Ema.update(average, values, 1, 2, 0f);
    Ema.update(average, values, 2, 3, 1f);
    assertClose("average", new float[] {1.38f, 3f, 1f}, average, 1e-6, 0);
  }
}
