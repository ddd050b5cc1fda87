package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
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
  void preActivationAdditionsPassTheirGradientToBothOperandsInPlace() {
    for (int depth : new int[] {20, 164}) {
      Plan plan = Planner.plan(Spec.defaults("Net", depth, true));
      GradientLayout layout = GradientLayout.of(plan);
      for (Layer.Add add : adds(plan)) {
        int out = layout.offset(add.out().offset());
        assertEquals(out, layout.offset(add.residual().offset()), add.out().name());
        assertEquals(out, layout.offset(add.shortcut().offset()), add.out().name());
        int number = layout.gradient(add.out().offset());
        assertEquals(number, layout.gradient(add.residual().offset()), add.out().name());
        assertEquals(number, layout.gradient(add.shortcut().offset()), add.out().name());
      }
      // Batch norms' outputs have readers of their own, and keep their own gradients.
      for (Layer layer : plan.layers()) {
        if (layer instanceof Layer.Norm norm) {
          assertEquals(norm.out().offset(), layout.offset(norm.out().offset()));
        }
      }
    }
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
}
