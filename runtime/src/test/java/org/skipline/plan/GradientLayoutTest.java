package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which activations share a gradient: the operands of additions that pass it on unchanged. */
class GradientLayoutTest {

  private static List<Layer.Add> adds(Plan plan) {
    return plan.layers().stream()
        .filter(l -> l instanceof Layer.Add)
        .map(l -> (Layer.Add) l)
        .toList();
  }

  @Test
  void preActivationAdditionsPassTheirGradientToTheShortcutInPlace() {
    for (int depth : new int[] {20, 164}) {
      Plan plan = Planner.plan(Spec.defaults("Net", depth, true));
      GradientLayout layout = GradientLayout.of(plan);
      List<Layer.Conv> adding = plan.layers().stream()
          .filter(l -> l instanceof Layer.Conv c && c.shortcut().isPresent())
          .map(l -> (Layer.Conv) l)
          .toList();
      assertEquals(plan.blocks().size(), adding.size(), "one addition per unit");
      for (Layer.Conv conv : adding) {
        Activation shortcut = conv.shortcut().orElseThrow();
        assertEquals(layout.offset(conv.out().offset()), layout.offset(shortcut.offset()),
            conv.name());
        assertEquals(layout.gradient(conv.out().offset()), layout.gradient(shortcut.offset()),
            conv.name());
      }
      // A stage of identity units is one gradient buffer: each unit's output and its input.
      Block second = plan.blocks().get(1);
      assertEquals(layout.offset(second.in().offset()), layout.offset(second.out().offset()));
      // Batch norms' outputs have readers of their own, and keep their own gradients.
      for (Layer layer : plan.layers()) {
        if (layer instanceof Layer.Norm norm) {
          assertNotEquals(layout.gradient(norm.in().offset()),
              layout.gradient(norm.out().offset()));
        }
      }
    }
  }

  @Test
  void aShortcutReadAfterTheConvolutionThatAddsItCannotShareItsGradient() {
    Plan plan = Planner.plan(Spec.defaults("Net", 20, true));
    Block last = plan.blocks().getLast();
    // A layer after the unit that reads the unit's shortcut would add its gradient into the
    // unit's output gradient before the unit's last convolution has read it.
    List<Layer> head = new ArrayList<>(plan.head());
    Layer.Pool pool = (Layer.Pool) head.stream().filter(l -> l instanceof Layer.Pool).findFirst()
        .orElseThrow();
    head.add(new Layer.Pool(last.in(), pool.out()));
    Plan bad = new Plan(plan.spec(), plan.unit(), plan.unitsPerStage(), plan.stageWidths(),
        plan.input(), plan.stem(), plan.blocks(), head, plan.logits(), plan.parameters(),
        plan.norms(), plan.activations(), plan.parameterFloats(),
        plan.activationFloatsPerImage(), plan.stateFloats(), plan.workspaceFloats(),
        plan.multiplyAdds());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GradientLayout.of(bad));
    assertEquals("blocks.8.conv2 adds blocks.7, which a later layer or the convolution itself"
        + " reads: their gradients cannot be one buffer", e.getMessage());
  }

  @Test
  void additionsFollowedByAReluKeepSeparateGradients() {
    Plan plan = Planner.plan(Spec.defaults("Net", 20, false));
    GradientLayout layout = GradientLayout.of(plan);
    for (Layer.Add add : adds(plan)) {
      assertNotEquals(layout.offset(add.out().offset()), layout.offset(add.residual().offset()));
      assertNotEquals(layout.offset(add.out().offset()), layout.offset(add.shortcut().offset()));
      assertNotEquals(layout.gradient(add.out().offset()),
          layout.gradient(add.residual().offset()));
    }
  }

  /**
   * Every gradient is needed from the backward step of the last layer that reads its activation
   * to that of the layer that produced it; two gradients needed at one step, with different
   * owners, must not overlap, and the whole fits the layout's size.
   */
  @Test
  void gradientsNeededAtOneStepNeverOverlap() {
    for (Spec spec : Variants.smallNetworks()) {
      Plan plan = Planner.plan(spec);
      GradientLayout layout = GradientLayout.of(plan);
      List<Layer> layers = plan.layers();
      Map<Integer, int[]> needed = new HashMap<>();  // gradient number -> {from, to, start, end}
      for (int i = 0; i < layers.size(); i++) {
        for (Activation a : layers.get(i).inputs()) {
          need(needed, layout, a, i);
        }
        need(needed, layout, layers.get(i).out(), i);
      }
      need(needed, layout, plan.logits(), layers.size());
      List<int[]> all = new ArrayList<>(needed.values());
      for (int[] x : all) {
        assertTrue(x[3] <= layout.floats(), spec + ": a gradient past the layout's end");
        for (int[] y : all) {
          boolean sameSteps = x[0] <= y[1] && y[0] <= x[1];
          boolean sameMemory = x[2] < y[3] && y[2] < x[3];
          assertTrue(x == y || !(sameSteps && sameMemory), spec + ": two gradients needed at once"
              + " share memory");
        }
      }
      // Far less than one gradient per activation: a few tensors, whatever the depth.
      assertTrue(layout.floats() < plan.activationFloatsPerImage() / 4,
          spec + ": " + layout.floats() + " floats of gradient");
    }
  }

  private static void need(Map<Integer, int[]> needed, GradientLayout layout, Activation a,
      int step) {
    int start = layout.offset(a.offset());
    int[] x = needed.computeIfAbsent(layout.gradient(a.offset()),
        g -> new int[] {step, step, start, start + a.shape().size()});
    x[0] = Math.min(x[0], step);
    x[1] = Math.max(x[1], step);
    x[3] = Math.max(x[3], start + a.shape().size());
  }
}
