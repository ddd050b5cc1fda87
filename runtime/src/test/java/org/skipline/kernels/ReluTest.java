package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Relu} against its scalar reference and its definition. */
class ReluTest {

  private static final int OFF = 5;

  @ParameterizedTest(name = "len={0}")
  @ValueSource(ints = {1, 7, 16, 33, 100, 1031})
  void vectorMatchesScalarAndTheDefinition(int len) {
    Random random = new Random(len);
    float[] in = random(random, OFF + len);
    float[] outS = new float[OFF + len];
    float[] outV = new float[OFF + len];
    Relu.forwardScalar(outS, OFF, in, OFF, len);
    Relu.forward(outV, OFF, in, OFF, len);
    assertBitIdentical("forward", outS, outV);
    for (int i = OFF; i < OFF + len; i++) {
      assertEquals(in[i] > 0 ? in[i] : 0f, outV[i]);
    }

    float[] dOut = random(random, OFF + len);
    float[] dIn0 = random(random, OFF + len);
    for (boolean add : new boolean[] {false, true}) {
      float[] dS = dIn0.clone();
      float[] dV = dIn0.clone();
      Relu.backwardScalar(dS, OFF, add, dOut, OFF, outV, OFF, len);
      Relu.backward(dV, OFF, add, dOut, OFF, outV, OFF, len);
      assertBitIdentical("backward, add " + add, dS, dV);
      for (int i = OFF; i < OFF + len; i++) {
        // The derivative of max(0, x): 1 where the output is positive, 0 elsewhere.
        float g = in[i] > 0 ? dOut[i] : 0f;
        assertEquals(add ? dIn0[i] + g : g, dV[i], "element " + i);
      }
    }
  }
}
