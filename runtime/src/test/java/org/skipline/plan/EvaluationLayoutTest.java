package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evaluation layout reuses memory without letting a live activation be overwritten. */
class EvaluationLayoutTest {

  @ParameterizedTest(name = "depth {0}, pre-activation {1}")
  @CsvSource({"20, true", "20, false", "164, true", "164, false", "29, true"})
  void activationsAliveAtOnceNeverOverlap(int depth, boolean preActivation) {
    Plan plan = Planner.plan(Spec.defaults("Net" + depth, depth, preActivation));
    EvaluationLayout layout = EvaluationLayout.of(plan);
    List<Layer> layers = plan.layers();
    // Each activation lives from the layer that writes it (-1: the input) to its last reader;
    // the logits to the end, since they are read after the pass.
    List<Activation> activations = new ArrayList<>();
    Map<Activation, Integer> written = new HashMap<>();
    Map<Activation, Integer> lastRead = new HashMap<>();
    activations.add(plan.input());
    written.put(plan.input(), -1);
    for (int i = 0; i < layers.size(); i++) {
      for (Activation a : layers.get(i).inputs()) {
        lastRead.put(a, i);
      }
      activations.add(layers.get(i).out());
      written.put(layers.get(i).out(), i);
    }
    lastRead.put(plan.logits(), layers.size());

    assertEquals(0, layout.offset(plan.input().offset()));
    for (Activation a : activations) {
      assertTrue(layout.offset(a.offset()) + a.shape().size() <= layout.floats(), a.name());
      for (Activation b : activations) {
        boolean aliveTogether = a != b && written.get(a) <= lastRead.get(b)
            && written.get(b) <= lastRead.get(a);
        if (aliveTogether) {
          int aStart = layout.offset(a.offset());
          int bStart = layout.offset(b.offset());
          assertFalse(aStart < bStart + b.shape().size() && bStart < aStart + a.shape().size(),
              a.name() + " overlaps " + b.name());
        }
      }
    }
    // The point of it: a few activations' worth instead of all of them. A unit's widest moment
    // holds its input (the shortcut), its last convolution's output and their sum.
    int largest = activations.stream().mapToInt(a -> a.shape().size()).max().orElseThrow();
    assertTrue(layout.floats() <= 4 * largest, layout.floats() + " floats, largest " + largest);
  }

  @ParameterizedTest(name = "depth {0}")
  @CsvSource({"20", "164"})
  void anOffsetThatStartsNoActivationIsRefused(int depth) {
    EvaluationLayout layout = EvaluationLayout.of(Planner.plan(Spec.defaults("Net", depth, true)));
    assertThrows(IllegalArgumentException.class, () -> layout.offset(1));
  }
}
