package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GateSigmoid} against its scalar reference and the sigmoid's definition, in double. */
class GateSigmoidTest {

  private static final int OFF = 5;

  @ParameterizedTest(name = "n={0} c={1} hw={2}")
  @CsvSource({"1,1,1", "2,3,4", "3,4,16", "2,5,37", "4,2,64"})
  void vectorMatchesScalarAndTheDefinition(int n, int c, int hw) {
    Random random = new Random(n * 1000 + c * 100 + hw);
    int len = n * c * hw;
    float[] in = random(random, OFF + len);
    float[] bias = random(random, OFF + c);
    float[] outS = new float[OFF + len];
    float[] outV = new float[OFF + len];
    GateSigmoid.forwardScalar(outS, OFF, in, OFF, bias, OFF, n, c, hw, 0, c);
    GateSigmoid.forward(outV, OFF, in, OFF, bias, OFF, n, c, hw, 0, c);
    assertBitIdentical("forward", outS, outV);
    for (int img = 0; img < n; img++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < hw; i++) {
          int at = OFF + (img * c + ch) * hw + i;
          double x = (double) in[at] + bias[OFF + ch];
          assertEquals(1 / (1 + Math.exp(-x)), outV[at], 1e-6);
        }
      }
    }

    float[] dOut = random(random, OFF + len);
    float[] dIn0 = random(random, OFF + len);
    float[] dBias0 = random(random, OFF + c);
    for (boolean add : new boolean[] {false, true}) {
      float[] dInS = dIn0.clone();
      float[] dInV = dIn0.clone();
      float[] dBiasS = dBias0.clone();
      float[] dBiasV = dBias0.clone();
      GateSigmoid.backwardScalar(dInS, OFF, add, dBiasS, OFF, dOut, OFF, outV, OFF, n, c, hw, 0,
          c);
      GateSigmoid.backward(dInV, OFF, add, dBiasV, OFF, dOut, OFF, outV, OFF, n, c, hw, 0, c);
      assertBitIdentical("dIn, add " + add, dInS, dInV);
      assertBitIdentical("dBias, add " + add, dBiasS, dBiasV);
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        for (int img = 0; img < n; img++) {
          for (int i = 0; i < hw; i++) {
            int at = OFF + (img * c + ch) * hw + i;
            double y = outV[at];
            double t = dOut[at] * y * (1 - y);
            sum += t;
            assertEquals((add ? dIn0[at] : 0) + t, dInV[at], 1e-6);
          }
        }
        assertEquals(dBias0[OFF + ch] + sum, dBiasV[OFF + ch], 1e-5);
      }
    }
  }
}
