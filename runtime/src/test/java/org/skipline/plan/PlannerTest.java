package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;

/** The unroller, shapes, parameter counts and memory plan, without a compiler. */
class PlannerTest {

  private static Plan plan(int depth, boolean preActivation) {
    return Planner.plan(Spec.defaults("Net" + depth, depth, preActivation));
  }

  @Test
  void parameterCountsMatchThePaper() {
    // The paper's Table 3 and the authors' code: pre-activation ResNet-164 has 1,703,258.
    assertEquals(1_703_258, plan(164, true).parameterCount());
    assertEquals(10.3e6, plan(1001, true).parameterCount(), 0.05e6);
    assertEquals(1.7e6, plan(110, true).parameterCount(), 0.05e6);
    assertEquals(0.27e6, plan(20, true).parameterCount(), 0.005e6);
  }

  @Test
  void multiplyAddsMatchThePaper() {
    assertEquals(0.248e9, plan(164, true).multiplyAdds(), 0.005e9);
    assertEquals(1.49e9, plan(1001, true).multiplyAdds(), 0.01e9);
    assertEquals(0.25e9, plan(110, true).multiplyAdds(), 0.01e9);
    assertEquals(0.041e9, plan(20, true).multiplyAdds(), 0.001e9);
  }

  @Test
  void depthDecidesUnitsAndStages() {
    Plan p164 = plan(164, true);
    assertEquals(UnitType.BOTTLENECK, p164.unit());
    assertEquals(18, p164.unitsPerStage());
    assertEquals(List.of(64, 128, 256), p164.stageWidths());
    assertEquals(54, p164.blocks().size());
    Plan p110 = plan(110, true);
    assertEquals(UnitType.BASIC, p110.unit());
    assertEquals(List.of(16, 32, 64), p110.stageWidths());
    assertEquals(UnitType.BASIC, plan(20, true).unit());
    assertEquals(UnitType.BASIC, plan(56, true).unit());
    assertEquals(UnitType.BOTTLENECK, plan(1001, true).unit());
    assertEquals(UnitType.BASIC, plan(1202, true).unit());
  }

  @Test
  void shapesHalveAtStagesTwoAndThree() {
    Plan p = plan(20, true);
    assertEquals(new Shape(16, 32, 32), p.blocks().get(2).out().shape());
    assertEquals(new Shape(32, 16, 16), p.blocks().get(3).out().shape());
    assertEquals(new Shape(64, 8, 8), p.blocks().get(8).out().shape());
    assertEquals(2, p.blocks().get(3).stride());
    assertTrue(p.blocks().get(3).projection());
    assertFalse(p.blocks().get(0).projection());
    assertEquals(new Shape(10, 1, 1), p.logits().shape());
  }

  @Test
  void firstBottleneckUnitProjectsAndStrideSitsOnTheFirstConvolution() {
    Plan p = plan(164, true);
    Block first = p.blocks().getFirst();
    assertTrue(first.projection(), "16 -> 64 channels needs a projection");
    Block down = p.blocks().get(18);
    Layer.Conv conv1 = conv(down, "blocks.18.conv1");
    Layer.Conv conv2 = conv(down, "blocks.18.conv2");
    assertEquals(2, conv1.stride());
    assertEquals(1, conv2.stride());
    Plan middle = Planner.plan(new Spec("M", 164, true, UnitType.AUTO, 3, 32, 32, 10, 16,
        DownsampleStride.MIDDLE_3X3));
    assertEquals(1, conv(middle.blocks().get(18), "blocks.18.conv1").stride());
    assertEquals(2, conv(middle.blocks().get(18), "blocks.18.conv2").stride());
    assertEquals(p.parameterCount(), middle.parameterCount());
  }

  @Test
  void preActivationProjectionSharesTheFirstNormalization() {
    Block b = plan(20, true).blocks().get(3);
    Layer.Conv proj = conv(b, "blocks.3.proj");
    Layer.Norm bn1 = (Layer.Norm) b.layers().getFirst();
    assertEquals(bn1.out(), proj.in());
    Layer.Conv last = (Layer.Conv) b.layers().getLast();
    assertEquals("blocks.3.conv2", last.name());
    assertEquals(Optional.of(proj.out()), last.shortcut());
    Block identity = plan(20, true).blocks().get(4);
    assertEquals(Optional.of(identity.in()),
        ((Layer.Conv) identity.layers().getLast()).shortcut(),
        "an identity shortcut carries the raw input");
  }

  @Test
  void preActivationUnitsEndInAConvolutionThatAddsTheShortcut() {
    for (Plan p : List.of(plan(20, true), plan(164, true))) {
      Set<String> stored = new HashSet<>();
      p.activations().forEach(a -> stored.add(a.name()));
      for (Block b : p.blocks()) {
        Layer.Conv last = (Layer.Conv) b.layers().getLast();
        assertTrue(last.shortcut().isPresent(), b.name());
        assertFalse(stored.contains(last.name()), "the branch's own output is never stored");
        assertEquals(b.out(), last.out(), b.name());
        assertEquals(b.name(), last.out().name(), "the sum is the unit's output");
        // The shortcut is ready before the convolution that adds it runs.
        Activation shortcut = last.shortcut().get();
        assertTrue(shortcut.equals(b.in())
            || b.layers().indexOf(conv(b, b.name() + ".proj")) < b.layers().size() - 1);
      }
      assertTrue(p.layers().stream().noneMatch(l -> l instanceof Layer.Add),
          "no separate addition");
    }
    // Original units add after their last batch norm, and rectify the sum.
    Plan original = plan(20, false);
    assertTrue(original.layers().stream()
        .noneMatch(l -> l instanceof Layer.Conv c && c.shortcut().isPresent()));
  }

  @Test
  void parametersKeepTheModulesOrderWhenTheProjectionRunsFirst() {
    Block b = plan(164, true).blocks().get(18);
    List<String> unit = plan(164, true).parameters().stream()
        .map(Parameter::name)
        .filter(n -> n.startsWith("blocks.18."))
        .toList();
    assertEquals(List.of("blocks.18.bn1.weight", "blocks.18.bn1.bias", "blocks.18.conv1.weight",
        "blocks.18.bn2.weight", "blocks.18.bn2.bias", "blocks.18.conv2.weight",
        "blocks.18.bn3.weight", "blocks.18.bn3.bias", "blocks.18.conv3.weight",
        "blocks.18.proj.weight"), unit);
    List<String> layers = b.layers().stream()
        .filter(l -> l instanceof Layer.Conv)
        .map(l -> ((Layer.Conv) l).name())
        .toList();
    assertEquals(List.of("blocks.18.conv1", "blocks.18.conv2", "blocks.18.proj",
        "blocks.18.conv3"), layers);
  }

  @Test
  void originalUnitsHaveStemBnProjectionBnAndReluAfterTheAddition() {
    Plan p = plan(20, false);
    assertTrue(names(p).containsAll(List.of("stem_bn.weight", "blocks.3.proj_bn.weight")));
    assertFalse(names(p).contains("final_bn.weight"));
    Layer.Add add = (Layer.Add) p.blocks().get(3).layers().getLast();
    assertTrue(add.relu());
    Plan pre = plan(20, true);
    assertTrue(names(pre).contains("final_bn.weight"));
    assertFalse(names(pre).contains("stem_bn.weight"));
  }

  @Test
  void offsetsTileTheBuffersWithoutGapsOrOverlaps() {
    for (Plan p : List.of(plan(20, true), plan(164, false), plan(164, true))) {
      int next = 0;
      for (Parameter param : p.parameters()) {
        assertEquals(next, param.offset(), param.name());
        next += param.size();
      }
      assertEquals(p.parameterFloats(), next);
      next = 0;
      for (Activation a : p.activations()) {
        assertEquals(next, a.offset(), a.name());
        next += a.shape().size();
      }
      assertEquals(p.activationFloatsPerImage(), next);
      next = 0;
      for (NormState norm : p.norms()) {
        assertEquals(next, norm.stateOffset(), norm.name());
        assertEquals(norm.weight().offset() + norm.channels(), norm.bias().offset());
        next += 2 * norm.channels();
      }
      assertEquals(p.stateFloats(), next);
      Set<String> unique = new HashSet<>(names(p));
      assertEquals(p.parameters().size(), unique.size(), "parameter names are unique");
    }
  }

  @Test
  void memoryIsExactAndScalesWithTheBatch() {
    Plan p = plan(164, true);
    long perImage = 4L * (TrainingLayout.of(p).floats() + GradientLayout.of(p).floats());
    assertEquals(perImage, p.trainingBytesPerImage());
    long fixed = 4L * (3L * p.parameterFloats() + 2L * p.stateFloats() + p.workspaceFloats());
    assertEquals(fixed, p.trainingBytes(0));
    assertEquals(fixed + 128 * perImage, p.trainingBytes(128));
    assertEquals(4L * EvaluationLayout.of(p).floats(), p.inferenceBytesPerImage());
  }

  @Test
  void inferenceMemoryPerImageDoesNotGrowWithDepth() {
    long at164 = plan(164, true).inferenceBytesPerImage();
    long at1001 = plan(1001, true).inferenceBytesPerImage();
    assertEquals(at164, at1001);
    assertTrue(at164 < 4L * plan(164, true).activationFloatsPerImage() / 10, "a few, not all");
  }

  @Test
  void evaluationHoldsOneImagePerThreadOrALayerByLayerBatchInTheSameLayout() {
    Plan p = plan(164, true);
    long perThread = 4L * (p.workspaceFloats() + EvaluationLayout.of(p).floats());
    long fixed = 4L * (p.parameterFloats() + p.stateFloats());
    assertEquals(fixed + 3 * perThread, p.evaluationBytes(1, 2));
    assertEquals(fixed + 3 * perThread, p.evaluationBytes(64, 2));
    assertEquals(fixed + 5 * perThread + 3 * 4L * EvaluationLayout.of(p).floats(),
        p.evaluationBytes(3, 4));
  }

  @Test
  void workspaceFitsTheLargestIm2colBuffer() {
    Plan p = plan(20, true);
    // The largest: a 3x3 convolution over (N,16,32,32): 16*9 rows of 32*32 columns.
    assertEquals(16 * 9 * 32 * 32, p.workspaceFloats());
  }

  @Test
  void plannerAgreesWithTheConvolutionKernelOnShapesAndWorkspace() {
    for (Plan p : List.of(plan(20, true), plan(164, false), Planner.plan(new Spec("Odd", 11, true,
        UnitType.AUTO, 2, 7, 12, 5, 3, DownsampleStride.MIDDLE_3X3)))) {
      int workspace = 0;
      for (Layer layer : p.layers()) {
        if (layer instanceof Layer.Conv c) {
          Shape in = c.in().shape();
          assertEquals(c.out().shape().height(), org.skipline.kernels.Conv2d.outputSize(
              in.height(), c.kernel(), c.stride(), c.padding()), c.name());
          assertEquals(c.out().shape().width(), org.skipline.kernels.Conv2d.outputSize(
              in.width(), c.kernel(), c.stride(), c.padding()), c.name());
          workspace = Math.max(workspace, org.skipline.kernels.Conv2d.workspaceFloats(
              in.channels(), in.height(), in.width(), c.kernel(), c.stride(), c.padding()));
        }
      }
      assertEquals(workspace, p.workspaceFloats());
    }
  }

  @Test
  void samePlanForTheSameSpec() {
    assertEquals(plan(164, true), plan(164, true));
  }

  @Test
  void depth1001Plans() {
    Plan p = plan(1001, true);
    assertEquals(333, p.blocks().size());
    assertEquals("blocks.332", p.blocks().getLast().name());
  }

  private static Layer.Conv conv(Block b, String name) {
    return b.layers().stream()
        .filter(l -> l instanceof Layer.Conv c && c.name().equals(name))
        .map(Layer.Conv.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> names(Plan p) {
    return p.parameters().stream().map(Parameter::name).toList();
  }
}
