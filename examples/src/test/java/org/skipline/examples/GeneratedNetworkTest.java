package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.skipline.examples.testnets.TinyBnAfterAdditionBasicNetwork;
import org.skipline.examples.testnets.TinyBnAfterAdditionBottleneckNetwork;
import org.skipline.examples.testnets.TinyConstantScalingOriginalBasicNetwork;
import org.skipline.examples.testnets.TinyConstantScalingPreActBottleneckNetwork;
import org.skipline.examples.testnets.TinyConvShortcutPreActBottleneckNetwork;
import org.skipline.examples.testnets.TinyConvShortcutReluBeforeAdditionBasicNetwork;
import org.skipline.examples.testnets.TinyDropoutOriginalBottleneckNetwork;
import org.skipline.examples.testnets.TinyDropoutPreActBasicNetwork;
import org.skipline.examples.testnets.TinyExclusiveGatingOriginalBottleneckNetwork;
import org.skipline.examples.testnets.TinyExclusiveGatingPreActBasicNetwork;
import org.skipline.examples.testnets.TinyGatedShortcutReluOnlyBottleneckNetwork;
import org.skipline.examples.testnets.TinyMiddleStrideNetwork;
import org.skipline.examples.testnets.TinyOriginalBasicNetwork;
import org.skipline.examples.testnets.TinyOriginalBottleneckNetwork;
import org.skipline.examples.testnets.TinyPreActBasicNetwork;
import org.skipline.examples.testnets.TinyPreActBottleneckNetwork;
import org.skipline.examples.testnets.TinyReluBeforeAdditionBasicNetwork;
import org.skipline.examples.testnets.TinyReluBeforeAdditionBottleneckNetwork;
import org.skipline.examples.testnets.TinyReluOnlyPreActivationBasicNetwork;
import org.skipline.examples.testnets.TinyReluOnlyPreActivationBottleneckNetwork;
import org.skipline.examples.testnets.TinyShortcutOnlyGatingBnAfterAdditionBasicNetwork;
import org.skipline.Shortcut;
import org.skipline.plan.Parameter;
import org.skipline.plan.Planner;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;
import org.skipline.runtime.Parallel;

/**
 * End to end with the real processor on real specs: generated classes compute exactly what the
 * plan interpreter computes, the loss falls, and runs repeat bit for bit.
 */
class GeneratedNetworkTest {

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("TinyPreActBasic", (IntFunction<Network>) TinyPreActBasicNetwork::new),
        Arguments.of("TinyOriginalBasic", (IntFunction<Network>) TinyOriginalBasicNetwork::new),
        Arguments.of("TinyPreActBottleneck",
            (IntFunction<Network>) TinyPreActBottleneckNetwork::new),
        Arguments.of("TinyOriginalBottleneck",
            (IntFunction<Network>) TinyOriginalBottleneckNetwork::new),
        Arguments.of("TinyMiddleStride", (IntFunction<Network>) TinyMiddleStrideNetwork::new),
        Arguments.of("TinyBnAfterAdditionBasic",
            (IntFunction<Network>) TinyBnAfterAdditionBasicNetwork::new),
        Arguments.of("TinyBnAfterAdditionBottleneck",
            (IntFunction<Network>) TinyBnAfterAdditionBottleneckNetwork::new),
        Arguments.of("TinyReluBeforeAdditionBasic",
            (IntFunction<Network>) TinyReluBeforeAdditionBasicNetwork::new),
        Arguments.of("TinyReluBeforeAdditionBottleneck",
            (IntFunction<Network>) TinyReluBeforeAdditionBottleneckNetwork::new),
        Arguments.of("TinyReluOnlyPreActivationBasic",
            (IntFunction<Network>) TinyReluOnlyPreActivationBasicNetwork::new),
        Arguments.of("TinyReluOnlyPreActivationBottleneck",
            (IntFunction<Network>) TinyReluOnlyPreActivationBottleneckNetwork::new),
        Arguments.of("TinyConstantScalingOriginalBasic",
            (IntFunction<Network>) TinyConstantScalingOriginalBasicNetwork::new),
        Arguments.of("TinyConstantScalingPreActBottleneck",
            (IntFunction<Network>) TinyConstantScalingPreActBottleneckNetwork::new),
        Arguments.of("TinyExclusiveGatingPreActBasic",
            (IntFunction<Network>) TinyExclusiveGatingPreActBasicNetwork::new),
        Arguments.of("TinyExclusiveGatingOriginalBottleneck",
            (IntFunction<Network>) TinyExclusiveGatingOriginalBottleneckNetwork::new),
        Arguments.of("TinyShortcutOnlyGatingBnAfterAdditionBasic",
            (IntFunction<Network>) TinyShortcutOnlyGatingBnAfterAdditionBasicNetwork::new),
        Arguments.of("TinyGatedShortcutReluOnlyBottleneck",
            (IntFunction<Network>) TinyGatedShortcutReluOnlyBottleneckNetwork::new),
        Arguments.of("TinyConvShortcutReluBeforeAdditionBasic",
            (IntFunction<Network>) TinyConvShortcutReluBeforeAdditionBasicNetwork::new),
        Arguments.of("TinyConvShortcutPreActBottleneck",
            (IntFunction<Network>) TinyConvShortcutPreActBottleneckNetwork::new),
        Arguments.of("TinyDropoutPreActBasic",
            (IntFunction<Network>) TinyDropoutPreActBasicNetwork::new),
        Arguments.of("TinyDropoutOriginalBottleneck",
            (IntFunction<Network>) TinyDropoutOriginalBottleneckNetwork::new),
        Arguments.of("PreActResNet20", (IntFunction<Network>) PreActResNet20Network::new),
        Arguments.of("ResNet20", (IntFunction<Network>) ResNet20Network::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void generatedMatchesInterpreterBitForBit(String name, IntFunction<Network> factory) {
    int n = 3;
    Network generated = factory.apply(n);
    Network interpreted = new Interpreter(generated.plan(), n);
    Networks.randomizeNorms(generated, 7);
    Networks.randomizeNorms(interpreted, 7);
    float[] images = Networks.images(n, generated.plan().input().shape().size(), 1);
    int[] labels = Networks.labels(n, generated.plan().spec().classes(), 2);

    double loss = Networks.forwardBackward(generated, images, labels, n);
    assertEquals(loss, Networks.forwardBackward(interpreted, images, labels, n));
    assertArrayEquals(interpreted.logits(), generated.logits());
    for (Parameter p : generated.plan().parameters()) {
      assertArrayEquals(interpreted.gradient(p), generated.gradient(p), p.name());
    }
    generated.forward(images, n, false);
    interpreted.forward(images, n, false);
    assertArrayEquals(interpreted.logits(), generated.logits(), "evaluation mode");
  }

  /**
   * A batch smaller than the worker threads is split by output channel rather than by image; an
   * image must come out the same either way.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void anImageAloneGivesTheLogitsItGetsInABatch(String name, IntFunction<Network> factory) {
    int n = 4;
    Network net = factory.apply(n);
    Networks.randomizeNorms(net, 5);
    int size = net.plan().input().shape().size();
    int classes = net.plan().spec().classes();
    float[] images = Networks.images(n, size, 6);
    net.forward(images, n, false);
    float[] batched = net.logits();
    for (int i = 0; i < n; i++) {
      net.forward(Arrays.copyOfRange(images, i * size, (i + 1) * size), 1, false);
      assertArrayEquals(Arrays.copyOfRange(batched, i * classes, (i + 1) * classes),
          net.logits(), "image " + i);
    }
  }

  /**
   * A network used only for evaluation holds one image's activations, not a batch's: PreActResNet
   * 1001 with room for 32 images, whose batch activations would take 4.9 GB, evaluates a batch of
   * one image per thread in replicas, and one image alone in its compact layout, with the same
   * logits either way.
   */
  @Test
  void evaluationNeedsNoBatchActivations() {
    // One image per thread: on more threads than the 32 images it has room for, a batch would
    // run layer by layer.
    assumeTrue(Parallel.THREADS <= 32, "more worker threads than the network has room for");
    Network net = new PreActResNet1001Network(32);
    int n = Math.max(2, Parallel.THREADS);
    int size = net.plan().input().shape().size();
    int classes = net.plan().spec().classes();
    float[] images = Networks.images(n, size, 8);
    net.forward(images, n, false);
    float[] batched = net.logits();
    for (int i = 0; i < 2; i++) {
      net.forward(Arrays.copyOfRange(images, i * size, (i + 1) * size), 1, false);
      assertArrayEquals(Arrays.copyOfRange(batched, i * classes, (i + 1) * classes),
          net.logits(), "image " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void lossFallsOnAFixedBatch(String name, IntFunction<Network> factory) {
    int n = 8;
    Network net = factory.apply(n);
    float[] images = Networks.images(n, net.plan().input().shape().size(), 3);
    int[] labels = Networks.labels(n, net.plan().spec().classes(), 4);
    double first = Networks.forwardBackward(net, images, labels, n);
    double last = first;
    for (int step = 0; step < 30; step++) {
      net.sgdStep(0.05f, 0.9f, 1e-4f, false);
      last = Networks.forwardBackward(net, images, labels, n);
    }
    assertTrue(last < 0.5 * first, name + ": loss went from " + first + " to " + last);
  }

  @Test
  void sameSeedGivesBitIdenticalTraining() {
    float[][] finals = new float[2][];
    for (int run = 0; run < 2; run++) {
      Network net = new PreActResNet20Network(4);
      net.initialize(42);
      float[] images = Networks.images(4, net.plan().input().shape().size(), 5);
      int[] labels = Networks.labels(4, 10, 6);
      for (int step = 0; step < 3; step++) {
        Networks.forwardBackward(net, images, labels, 4);
        net.sgdStep(0.1f, 0.9f, 1e-4f, true);
      }
      Parameter first = net.plan().parameters().getFirst();
      Parameter last = net.plan().parameters().getLast();
      finals[run] = concat(net.parameter(first), net.parameter(last));
    }
    assertArrayEquals(finals[0], finals[1]);
  }

  @Test
  void differentSeedsGiveDifferentWeights() {
    Network a = new PreActResNet20Network(1);
    Network b = new PreActResNet20Network(1);
    b.initialize(1);
    Parameter stem = a.plan().parameters().getFirst();
    assertTrue(!java.util.Arrays.equals(a.parameter(stem), b.parameter(stem)));
  }

  @Test
  void runningStatisticsFollowPyTorch() {
    Network net = new TinyPreActBasicNetwork(4);
    float[] images = Networks.images(4, net.plan().input().shape().size(), 8);
    net.forward(images, 4, true);
    net.forward(images, 4, true);
    assertEquals(2, net.batchesTracked());
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void theDropoutShortcutIsTheIdentityInEvaluationAndRepeatsItsMasksBySeedAndStep() {
    int n = 3;
    Network dropout = new TinyDropoutPreActBasicNetwork(n);
    Network identity = new Interpreter(
        Planner.plan(dropout.plan().spec().withShortcut(Shortcut.IDENTITY)), n);
    dropout.initialize(5);
    identity.initialize(5);
    float[] images = Networks.images(n, dropout.plan().input().shape().size(), 1);
    dropout.forward(images, n, false);
    identity.forward(images, n, false);
    assertArrayEquals(identity.logits(), dropout.logits(), "evaluation");

    identity.forward(images, n, true);
    dropout.forward(images, n, true);
    float[] first = dropout.logits().clone();
    assertFalse(Arrays.equals(identity.logits(), first), "training drops shortcut values");
    dropout.forward(images, n, true);
    assertFalse(Arrays.equals(first, dropout.logits()), "the next step draws other masks");
    dropout.initialize(5);
    dropout.forward(images, n, true);
    assertArrayEquals(first, dropout.logits(), "the same seed and step draw the same masks");
    dropout.initialize(6);
    dropout.forward(images, n, true);
    float[] otherSeed = dropout.logits().clone();
    dropout.initialize(5);
    identity.initialize(6);
    for (Parameter p : dropout.plan().parameters()) {
      dropout.setParameter(p, identity.parameter(p));
    }
    dropout.forward(images, n, true);
    assertFalse(Arrays.equals(otherSeed, dropout.logits()),
        "the weights of seed 6 with the masks of seed 5");
  }
}
