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
 * {@link FullyConnected} against its scalar reference and finite differences.
 *
 * <p>Dimensions: N batch, C input features, K output features. Parameters hold W [K, C] at {@code
 * OFF} and b [K] right after it.
 */
class FullyConnectedTest {

  private static final int OFF = 3;

  @ParameterizedTest(name = "N={0} C={1} K={2}")
  @CsvSource({"1, 1, 1", "3, 17, 10", "7, 64, 10", "5, 33, 100", "2, 13, 7", "16, 65, 3"})
  void vectorMatchesScalar(int n, int c, int k) {
    Random random = new Random(n * 1000L + c * 10L + k);
    float[] in = random(random, OFF + n * c);
    float[] params = random(random, OFF + k * c + k);
    int bOff = OFF + k * c;
    float[] outS = new float[OFF + n * k];
    float[] outV = random(random, OFF + n * k);
    System.arraycopy(outS, 0, outV, 0, OFF);
    FullyConnected.forwardScalar(outS, OFF, in, OFF, params, OFF, bOff, n, c, k);
    FullyConnected.forward(outV, OFF, in, OFF, params, OFF, bOff, n, c, k);
    assertClose("forward", outS, outV, 1e-4, 1e-5 * c);

    float[] dOut = random(random, OFF + n * k);
    float[] dIn0 = random(random, OFF + n * c);
    float[] grads0 = random(random, OFF + k * c + k);
    float[] dInS = dIn0.clone();
    float[] dInV = dIn0.clone();
    float[] gradsS = grads0.clone();
    float[] gradsV = grads0.clone();
    FullyConnected.backwardScalar(
        dInS, OFF, gradsS, OFF, bOff, dOut, OFF, in, OFF, params, OFF, n, c, k);
    FullyConnected.backward(dInV, OFF, gradsV, OFF, bOff, dOut, OFF, in, OFF, params, OFF, n, c, k);
    assertClose("dIn", dInS, dInV, 1e-4, 1e-5 * k);
    assertClose("dW, dB", gradsS, gradsV, 1e-4, 1e-5 * n);

    float[] gradsNoInput = grads0.clone();
    FullyConnected.backward(
        null, 0, gradsNoInput, OFF, bOff, dOut, OFF, in, OFF, params, OFF, n, c, k);
    assertBitIdentical("dW, dB with null dIn", gradsV, gradsNoInput);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    int n = 3;
    int c = 7;
    int k = 5;
    int bOff = OFF + k * c;
    Random random = new Random(9);
    float[] in = random(random, OFF + n * c);
    float[] params = random(random, OFF + k * c + k);
    float[] lossWeights = random(random, n * k);
    float[] dOut = new float[OFF + n * k];
    System.arraycopy(lossWeights, 0, dOut, OFF, n * k);
    float[] dIn = new float[OFF + n * c];
    float[] grads = new float[OFF + k * c + k];
    FullyConnected.backward(dIn, OFF, grads, OFF, bOff, dOut, OFF, in, OFF, params, OFF, n, c, k);
    float[] out = new float[OFF + n * k];
    GradCheck.Loss loss =
        () -> {
          FullyConnected.forward(out, OFF, in, OFF, params, OFF, bOff, n, c, k);
          return TensorAssert.dot(out, OFF, lossWeights);
        };
    GradCheck.check("dIn", loss, in, OFF, n * c, dIn, OFF, 1);
    GradCheck.check("dW", loss, params, OFF, k * c, grads, OFF, 2);
    GradCheck.check("dB", loss, params, bOff, k, grads, bOff, 3);
  }

  @Test
  void backwardAdds() {
    int n = 4;
    int c = 9;
    int k = 3;
    Random random = new Random(10);
    float[] in = random(random, n * c);
    float[] params = random(random, k * c + k);
    float[] dOut = random(random, n * k);
    float[] dInOnce = new float[n * c];
    float[] gradsOnce = new float[k * c + k];
    FullyConnected.backward(dInOnce, 0, gradsOnce, 0, k * c, dOut, 0, in, 0, params, 0, n, c, k);
    float[] dInTwice = new float[n * c];
    float[] gradsTwice = new float[k * c + k];
    for (int i = 0; i < 2; i++) {
      FullyConnected.backward(
          dInTwice, 0, gradsTwice, 0, k * c, dOut, 0, in, 0, params, 0, n, c, k);
    }
    assertClose("dIn twice", doubled(dInOnce), dInTwice, 1e-6, 1e-7);
    assertClose("grads twice", doubled(gradsOnce), gradsTwice, 1e-6, 1e-7);
  }
}
