package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Sgd} against its scalar reference and PyTorch's update computed by hand. */
class SgdTest {

  @ParameterizedTest(name = "len={0} nesterov={1}")
  @CsvSource({"1, false", "7, true", "13, false", "33, true", "65, false", "1000, true"})
  void vectorMatchesScalarBitForBit(int len, boolean nesterov) {
    Random random = new Random(len);
    float[] params = random(random, len);
    float[] grads = random(random, len);
    float[] velocity = random(random, len);
    float[] paramsS = params.clone();
    float[] velocityS = velocity.clone();
    for (int step = 0; step < 3; step++) {
      Sgd.stepScalar(paramsS, grads, velocityS, 0, len, 0.1f, 0.9f, 5e-4f, nesterov);
      Sgd.step(params, grads, velocity, 0, len, 0.1f, 0.9f, 5e-4f, nesterov);
    }
    assertBitIdentical("params", paramsS, params);
    assertBitIdentical("velocity", velocityS, velocity);
  }

  @ParameterizedTest(name = "split at {0}")
  @CsvSource({"0", "5", "16", "37", "100"})
  void runsSplitAnywhereGiveTheWholeCallsBits(int split) {
    int len = 100;
    Random random = new Random(split);
    float[] params = random(random, len);
    float[] grads = random(random, len);
    float[] velocity = random(random, len);
    float[] paramsWhole = params.clone();
    float[] velocityWhole = velocity.clone();
    Sgd.step(paramsWhole, grads, velocityWhole, 0, len, 0.1f, 0.9f, 5e-4f, true);
    Sgd.step(params, grads, velocity, 0, split, 0.1f, 0.9f, 5e-4f, true);
    Sgd.step(params, grads, velocity, split, len, 0.1f, 0.9f, 5e-4f, true);
    assertBitIdentical("params", paramsWhole, params);
    assertBitIdentical("velocity", velocityWhole, velocity);
  }

  @Test
  void twoStepsMatchHandComputedPyTorchUpdate() {
    // p = 1, grad = 0.5, lr 0.1, momentum 0.9, weight decay 0.01.
    // Step 1: g = 0.51, v = 0.51, p = 1 - 0.051 = 0.949.
    // Step 2: g = 0.5 + 0.00949 = 0.50949, v = 0.459 + 0.50949 = 0.96849, p = 0.949 - 0.096849.
    float[] p = {1f};
    float[] v = {0f};
    Sgd.step(p, new float[] {0.5f}, v, 0, 1, 0.1f, 0.9f, 0.01f, false);
    assertClose("p after 1", new float[] {0.949f}, p, 1e-6, 0);
    Sgd.step(p, new float[] {0.5f}, v, 0, 1, 0.1f, 0.9f, 0.01f, false);
    assertClose("v after 2", new float[] {0.96849f}, v, 1e-6, 0);
    assertClose("p after 2", new float[] {0.852151f}, p, 1e-6, 0);

    // Nesterov: step 1 updates by g + 0.9 v = 0.51 + 0.459 = 0.969, p = 1 - 0.0969.
    float[] pn = {1f};
    float[] vn = {0f};
    Sgd.step(pn, new float[] {0.5f}, vn, 0, 1, 0.1f, 0.9f, 0.01f, true);
    assertClose("nesterov p", new float[] {0.9031f}, pn, 1e-6, 0);
  }
}
