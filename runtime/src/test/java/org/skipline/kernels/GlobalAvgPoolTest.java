package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GlobalAvgPool} against its scalar reference and finite differences.
 *
 * <p>Dimensions: N batch, C channels, HW positions per channel.
 */
class GlobalAvgPoolTest {

  private static final int OFF = 3;

  @ParameterizedTest(name = "N={0} C={1} HW={2}")
  @CsvSource({"3, 1, 1", "2, 3, 7", "1, 17, 65", "2, 16, 64", "2, 3, 13", "1, 1, 33"})
  void vectorMatchesScalar(int n, int c, int hw) {
    Random random = new Random(n * 100L + c * 10L + hw);
    float[] in = random(random, OFF + n * c * hw);
    float[] outS = new float[OFF + n * c];
    float[] outV = new float[OFF + n * c];
    GlobalAvgPool.forwardScalar(outS, OFF, in, OFF, n, c, hw);
    GlobalAvgPool.forward(outV, OFF, in, OFF, n, c, hw);
    assertClose("forward", outS, outV, 1e-5, 1e-6);

    float[] dOut = random(random, OFF + n * c);
    float[] dIn0 = random(random, OFF + n * c * hw);
    float[] dInS = dIn0.clone();
    float[] dInV = dIn0.clone();
    GlobalAvgPool.backwardScalar(dInS, OFF, dOut, OFF, n, c, hw);
    GlobalAvgPool.backward(dInV, OFF, dOut, OFF, n, c, hw);
    assertBitIdentical("backward", dInS, dInV);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    int n = 2;
    int c = 3;
    int hw = 10;
    Random random = new Random(5);
    float[] in = random(random, OFF + n * c * hw);
    float[] lossWeights = random(random, n * c);
    float[] dOut = new float[OFF + n * c];
    System.arraycopy(lossWeights, 0, dOut, OFF, n * c);
    float[] dIn = new float[OFF + n * c * hw];
    GlobalAvgPool.backward(dIn, OFF, dOut, OFF, n, c, hw);
    float[] out = new float[OFF + n * c];
    GradCheck.check(
        "dIn",
        () -> {
          GlobalAvgPool.forward(out, OFF, in, OFF, n, c, hw);
          return TensorAssert.dot(out, OFF, lossWeights);
        },
        in,
        OFF,
        n * c * hw,
        dIn,
        OFF,
        1);
  }

  @Test
  void backwardAdds() {
    Random random = new Random(6);
    float[] dOut = random(random, 6);
    float[] once = new float[6 * 9];
    GlobalAvgPool.backward(once, 0, dOut, 0, 2, 3, 9);
    float[] twice = new float[6 * 9];
    GlobalAvgPool.backward(twice, 0, dOut, 0, 2, 3, 9);
    GlobalAvgPool.backward(twice, 0, dOut, 0, 2, 3, 9);
    assertBitIdentical("twice", doubled(once), twice);
  }
}
