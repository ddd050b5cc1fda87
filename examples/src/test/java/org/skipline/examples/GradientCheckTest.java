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
 * is taken with a step large enough for float rounding and compared in double. Every pass runs as
 * the first training pass, so a dropout shortcut draws the same masks in each. A sample whose
 * quotient changes with the step sits on a ReLU kink and is skipped, not counted as passing.
 */
class GradientCheckTest {

  private static final float STEP = 1e-3f;
  private static final double ABSOLUTE_TOLERANCE = 1e-3;
  private static final double RELATIVE_TOLERANCE = 5e-2;
  private static final int SAMPLES_PER_TENSOR = 3;

  /** The small test networks, one of every unit design, basic and bottleneck. */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> networks() {
    return GeneratedNetworkTest.networks()
        .filter(a -> ((String) a.get()[0]).startsWith("Tiny"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void gradientsMatchFiniteDifferences(String name, IntFunction<Network> factory) {
    int n = 4;
    Network net = factory.apply(n);
    Networks.randomizeNorms(net, 11);
    float[] images = Networks.images(n, net.plan().input().shape().size(), 12);
    int[] labels = Networks.labels(n, net.plan().spec().classes(), 13);
    net.setBatchesTracked(0);
    Networks.forwardBackward(net, images, labels, n);

    Random random = new Random(14);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    int kinks = 0;
    for (Parameter p : net.plan().parameters()) {
      float[] analytic = net.gradient(p);
      for (int s = 0; s < SAMPLES_PER_TENSOR; s++) {
        int i = random.nextInt(p.size());
        double numeric = difference(net, p, i, STEP, images, labels, n);
        double half = difference(net, p, i, STEP / 2, images, labels, n);
        if (Math.abs(numeric - half) > tolerance(half)) {
          kinks++;  // a ReLU kink inside the step: the loss is not smooth here, skip the sample
          continue;
        }
        checked++;
        if (Math.abs(half - analytic[i]) > tolerance(half)) {
          failures.add(String.format("%s[%d]: analytic %.6g, numeric %.6g", p.name(), i,
              analytic[i], half));
        }
      }
    }
    // A kink just outside both steps can still spoil a rare sample; a wiring mistake spoils many.
    assertTrue(failures.size() <= checked / 50,
        name + ": " + failures.size() + " of " + checked + " gradients differ: " + failures);
    assertTrue(kinks <= checked / 4, name + ": too few smooth samples, " + kinks
        + " kinks against " + checked + " checked");
  }

  private static double tolerance(double numeric) {
    return ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(numeric);
  }

  /** The central difference quotient of the loss in parameter {@code p}, element {@code i}. */
  private static double difference(Network net, Parameter p, int i, float step, float[] images,
      int[] labels, int n) {
    float[] values = net.parameter(p);
    float original = values[i];
    values[i] = original + step;
    net.setParameter(p, values);
    double plus = loss(net, images, labels, n);
    values[i] = original - step;
    net.setParameter(p, values);
    double minus = loss(net, images, labels, n);
    values[i] = original;
    net.setParameter(p, values);
    return (plus - minus) / (2.0 * step);
  }

  private static double loss(Network net, float[] images, int[] labels, int n) {
    net.setBatchesTracked(0);  // the masks of the pass whose gradient is checked
    net.forward(images, n, true);
    return net.loss(labels);
  }
}
