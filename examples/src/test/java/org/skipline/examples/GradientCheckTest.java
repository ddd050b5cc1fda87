package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skipline.plan.Parameter;
import org.skipline.runtime.Network;

/**
 * Whole generated networks against central finite differences of their loss: every parameter
 * tensor, a few sampled elements of each. The forward pass is float, so the difference quotient
 * is taken with a step large enough for float rounding and compared in double.
 */
class GradientCheckTest {

  private static final float STEP = 1e-3f;
  private static final double ABSOLUTE_TOLERANCE = 1e-3;
  private static final double RELATIVE_TOLERANCE = 5e-2;
  private static final int SAMPLES_PER_TENSOR = 3;

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> networks() {
    return GeneratedNetworkTest.networks().limit(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void gradientsMatchFiniteDifferences(String name, IntFunction<Network> factory) {
    int n = 4;
    Network net = factory.apply(n);
    Networks.randomizeNorms(net, 11);
    float[] images = Networks.images(n, net.plan().input().shape().size(), 12);
    int[] labels = Networks.labels(n, net.plan().spec().classes(), 13);
    Networks.forwardBackward(net, images, labels, n);

    Random random = new Random(14);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Parameter p : net.plan().parameters()) {
      float[] analytic = net.gradient(p);
      float[] values = net.parameter(p);
      for (int s = 0; s < SAMPLES_PER_TENSOR; s++) {
        int i = random.nextInt(p.size());
        float original = values[i];
        values[i] = original + STEP;
        net.setParameter(p, values);
        double plus = loss(net, images, labels, n);
        values[i] = original - STEP;
        net.setParameter(p, values);
        double minus = loss(net, images, labels, n);
        values[i] = original;
        net.setParameter(p, values);
        double numeric = (plus - minus) / (2 * STEP);
        double error = Math.abs(numeric - analytic[i]);
        if (error > ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(numeric)) {
          failures.add(String.format("%s[%d]: analytic %.6g, numeric %.6g", p.name(), i,
              analytic[i], numeric));
        }
        checked++;
      }
    }
    // A ReLU kink inside the step can spoil a rare sample; more than that is a real error.
    assertTrue(failures.size() <= checked / 50,
        name + ": " + failures.size() + " of " + checked + " gradients differ: " + failures);
  }

  private static double loss(Network net, float[] images, int[] labels, int n) {
    net.forward(images, n, true);
    return net.loss(labels);
  }
}
