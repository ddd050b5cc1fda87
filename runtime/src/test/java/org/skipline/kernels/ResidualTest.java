package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Residual} against its scalar reference and finite differences. */
class ResidualTest {

  private static final int OFF = 3;

  @ParameterizedTest(name = "len={0} relu={1}")
  @CsvSource({"1, false", "7, true", "13, false", "33, true", "65, true", "1024, false"})
  void vectorMatchesScalarBitForBit(int len, boolean relu) {
    Random random = new Random(len);
    float[] a = random(random, OFF + len);
    float[] b = random(random, OFF + len);
    float[] outS = new float[OFF + len];
    float[] outV = new float[OFF + len];
    Residual.forwardScalar(outS, OFF, a, OFF, b, OFF, len, relu);
    Residual.forward(outV, OFF, a, OFF, b, OFF, len, relu);
    // Elementwise adds and max round the same way in lanes and scalars.
    assertBitIdentical("forward len=" + len, outS, outV);

    float[] dOut = random(random, OFF + len);
    float[] dA0 = random(random, OFF + len);
    float[] dB0 = random(random, OFF + len);
    float[] dAS = dA0.clone();
    float[] dBS = dB0.clone();
    float[] dAV = dA0.clone();
    float[] dBV = dB0.clone();
    Residual.backwardScalar(dAS, OFF, true, dBS, OFF, true, dOut, OFF, outV, OFF, len, relu);
    Residual.backward(dAV, OFF, true, dBV, OFF, true, dOut, OFF, outV, OFF, len, relu);
    assertBitIdentical("dA len=" + len, dAS, dAV);
    assertBitIdentical("dB len=" + len, dBS, dBV);

    // Overwriting one operand's gradient and adding into the other's, in both orders.
    for (boolean addToA : new boolean[] {true, false}) {
      float[] dAExpected = addToA ? dAS : dA0.clone();
      float[] dBExpected = addToA ? dB0.clone() : dBS;
      float[] dG = addToA ? dBExpected : dAExpected;
      for (int i = OFF; i < OFF + len; i++) {
        dG[i] = relu && !(outV[i] > 0f) ? 0f : dOut[i];
      }
      for (boolean scalar : new boolean[] {true, false}) {
        float[] dA = dA0.clone();
        float[] dB = dB0.clone();
        if (scalar) {
          Residual.backwardScalar(dA, OFF, addToA, dB, OFF, !addToA, dOut, OFF, outV, OFF, len,
              relu);
        } else {
          Residual.backward(dA, OFF, addToA, dB, OFF, !addToA, dOut, OFF, outV, OFF, len, relu);
        }
        assertBitIdentical("dA, add " + addToA + ", scalar " + scalar, dAExpected, dA);
        assertBitIdentical("dB, add " + !addToA + ", scalar " + scalar, dBExpected, dB);
      }
    }
  }

  @ParameterizedTest(name = "relu={0}")
  @CsvSource({"false", "true"})
  void gradientsMatchFiniteDifferences(boolean relu) {
    int len = 37;
    Random random = new Random(11);
    float[] a = random(random, OFF + len);
    float[] b = random(random, OFF + len);
    float[] lossWeights = random(random, len);
    float[] out = new float[OFF + len];
    Residual.forward(out, OFF, a, OFF, b, OFF, len, relu);
    float[] dOut = new float[OFF + len];
    System.arraycopy(lossWeights, 0, dOut, OFF, len);
    float[] dA = new float[OFF + len];
    float[] dB = new float[OFF + len];
    Residual.backward(dA, OFF, true, dB, OFF, true, dOut, OFF, out, OFF, len, relu);
    float[] scratch = new float[OFF + len];
    GradCheck.Loss loss =
        () -> {
          Residual.forward(scratch, OFF, a, OFF, b, OFF, len, relu);
          return TensorAssert.dot(scratch, OFF, lossWeights);
        };
    GradCheck.PreActivation pre =
        relu
            ? () -> {
              float[] y = new float[OFF + len];
              Residual.forward(y, OFF, a, OFF, b, OFF, len, false);
              return y;
            }
            : null;
    GradCheck.check("dA relu=" + relu, loss, pre, a, OFF, len, dA, OFF, 1);
    GradCheck.check("dB relu=" + relu, loss, pre, b, OFF, len, dB, OFF, 2);
  }

  @Test
  void backwardAdds() {
    int len = 45;
    Random random = new Random(2);
    float[] dOut = random(random, len);
    float[] out = random(random, len);
    float[] dAOnce = new float[len];
    float[] dBOnce = new float[len];
    Residual.backward(dAOnce, 0, true, dBOnce, 0, true, dOut, 0, out, 0, len, true);
    float[] dATwice = new float[len];
    float[] dBTwice = new float[len];
    Residual.backward(dATwice, 0, true, dBTwice, 0, true, dOut, 0, out, 0, len, true);
    Residual.backward(dATwice, 0, true, dBTwice, 0, true, dOut, 0, out, 0, len, true);
    assertBitIdentical("dA twice", doubled(dAOnce), dATwice);
    assertBitIdentical("dB twice", doubled(dBOnce), dBTwice);
  }
}
