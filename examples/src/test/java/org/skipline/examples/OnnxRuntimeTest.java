package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
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
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.runtime.Network;
import org.skipline.runtime.OnnxExport;

/**
 * The exported ONNX models run in ONNX Runtime and give the logits of the network's own
 * evaluation-mode forward pass: both unit types, every activation order and shortcut variant, the
 * stride on either bottleneck convolution, odd input shapes, and the paper's CIFAR networks up to
 * ResNet-164.
 * The weights look trained, so that no batch norm is the identity: random BN scales and shifts,
 * a random fc bias, and running statistics that training-mode passes over random images moved
 * from random values toward those images' statistics.
 */
class OnnxRuntimeTest {

  /** Largest difference allowed, relative to the largest logit. */
  private static final double TOLERANCE = 1e-4;

  /** Training-mode passes that move the running statistics 0.9^30, 96%, toward the data's. */
  private static final int CALIBRATION_PASSES = 30;

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("TinyPreActBasic", (IntFunction<Network>) TinyPreActBasicNetwork::new, 5),
        Arguments.of("TinyOriginalBasic", (IntFunction<Network>) TinyOriginalBasicNetwork::new,
            5),
        Arguments.of("TinyPreActBottleneck",
            (IntFunction<Network>) TinyPreActBottleneckNetwork::new, 5),
        Arguments.of("TinyOriginalBottleneck",
            (IntFunction<Network>) TinyOriginalBottleneckNetwork::new, 5),
        Arguments.of("TinyMiddleStride", (IntFunction<Network>) TinyMiddleStrideNetwork::new, 5),
        Arguments.of("TinyBnAfterAdditionBasic",
            (IntFunction<Network>) TinyBnAfterAdditionBasicNetwork::new, 5),
        Arguments.of("TinyBnAfterAdditionBottleneck",
            (IntFunction<Network>) TinyBnAfterAdditionBottleneckNetwork::new, 5),
        Arguments.of("TinyReluBeforeAdditionBasic",
            (IntFunction<Network>) TinyReluBeforeAdditionBasicNetwork::new, 5),
        Arguments.of("TinyReluBeforeAdditionBottleneck",
            (IntFunction<Network>) TinyReluBeforeAdditionBottleneckNetwork::new, 5),
        Arguments.of("TinyReluOnlyPreActivationBasic",
            (IntFunction<Network>) TinyReluOnlyPreActivationBasicNetwork::new, 5),
        Arguments.of("TinyReluOnlyPreActivationBottleneck",
            (IntFunction<Network>) TinyReluOnlyPreActivationBottleneckNetwork::new, 5),
        Arguments.of("TinyConstantScalingOriginalBasic",
            (IntFunction<Network>) TinyConstantScalingOriginalBasicNetwork::new, 5),
        Arguments.of("TinyConstantScalingPreActBottleneck",
            (IntFunction<Network>) TinyConstantScalingPreActBottleneckNetwork::new, 5),
        Arguments.of("TinyExclusiveGatingPreActBasic",
            (IntFunction<Network>) TinyExclusiveGatingPreActBasicNetwork::new, 5),
        Arguments.of("TinyExclusiveGatingOriginalBottleneck",
            (IntFunction<Network>) TinyExclusiveGatingOriginalBottleneckNetwork::new, 5),
        Arguments.of("TinyShortcutOnlyGatingBnAfterAdditionBasic",
            (IntFunction<Network>) TinyShortcutOnlyGatingBnAfterAdditionBasicNetwork::new, 5),
        Arguments.of("TinyGatedShortcutReluOnlyBottleneck",
            (IntFunction<Network>) TinyGatedShortcutReluOnlyBottleneckNetwork::new, 5),
        Arguments.of("TinyConvShortcutReluBeforeAdditionBasic",
            (IntFunction<Network>) TinyConvShortcutReluBeforeAdditionBasicNetwork::new, 5),
        Arguments.of("TinyConvShortcutPreActBottleneck",
            (IntFunction<Network>) TinyConvShortcutPreActBottleneckNetwork::new, 5),
        Arguments.of("TinyDropoutPreActBasic",
            (IntFunction<Network>) TinyDropoutPreActBasicNetwork::new, 5),
        Arguments.of("TinyDropoutOriginalBottleneck",
            (IntFunction<Network>) TinyDropoutOriginalBottleneckNetwork::new, 5),
        Arguments.of("PreActResNet20", (IntFunction<Network>) PreActResNet20Network::new, 4),
        Arguments.of("ResNet20", (IntFunction<Network>) ResNet20Network::new, 4),
        Arguments.of("PreActResNet164", (IntFunction<Network>) PreActResNet164Network::new, 2),
        Arguments.of("ResNet164", (IntFunction<Network>) ResNet164Network::new, 2));
  }

  @ParameterizedTest(name = "{0}, batch {2}")
  @MethodSource("networks")
  void onnxRuntimeGivesTheNetworksLogits(String name, IntFunction<Network> factory, int n,
      @TempDir Path folder) throws IOException, OrtException {
    Network net = factory.apply(n);
    Plan plan = net.plan();
    net.initialize(11);
    Networks.randomizeNorms(net, 12);
    Random random = new Random(13);
    float[] bias = new float[plan.spec().classes()];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) (0.1 * random.nextGaussian());
    }
    net.setParameter(plan.parameters().getLast(), bias);
    Shape shape = plan.input().shape();
    // Running statistics that mostly follow the data, as training leaves them: random ones
    // alone let a deep pre-activation network's activations grow unit after unit.
    for (int pass = 0; pass < CALIBRATION_PASSES; pass++) {
      net.forward(Networks.images(n, shape.size(), 100 + pass), n, true);
    }
    float[] images = Networks.images(n, shape.size(), 14);
    net.forward(images, n, false);
    float[] expected = net.logits();

    Path file = folder.resolve(name + ".onnx");
    OnnxExport.write(net, "org.skipline.examples." + name, file);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(file.toString(), options);
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
            new long[] {n, shape.channels(), shape.height(), shape.width()});
        OrtSession.Result result = session.run(Map.of("input", input))) {
      Map<String, String> metadata = session.getMetadata().getCustomMetadata();
      assertEquals("org.skipline.examples." + name, metadata.get("model"));
      assertEquals(plan.spec().annotationText(), metadata.get("spec"));
      NodeInfo output = session.getOutputInfo().get("logits");
      assertEquals("[-1, " + plan.spec().classes() + "]",
          Arrays.toString(((TensorInfo) output.getInfo()).getShape()), "a symbolic batch");

      float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
      assertEquals(n, logits.length);
      double largest = 0;
      double worst = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < logits[i].length; k++) {
          float reference = expected[i * logits[i].length + k];
          largest = Math.max(largest, Math.abs(reference));
          worst = Math.max(worst, Math.abs(logits[i][k] - reference));
        }
      }
      assertTrue(largest > 0.1, "logits too small to compare: " + largest);
      assertTrue(worst <= TOLERANCE * largest, String.format(
          "ONNX Runtime's logits differ by %.3g, %.3g relative to the largest logit %.4g",
          worst, worst / largest, largest));
    }
  }
}
