package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training layout keeps what the backward pass reads and lets batch norms' outputs share
 * memory: nothing written over while it is still to be read, forward or backward, and every
 * recomputed output recomputed before the first backward step that reads it.
 */
class TrainingLayoutTest {

  /**
   * Replays a training pass, forward then backward, over the layout's memory: each float
   * remembers which activation holds it; a layer may read an activation only if it still does.
   */
  @Test
  void noActivationIsOverwrittenWhileAPassStillReadsIt() {
    for (Spec spec : Variants.smallNetworks()) {
      Plan plan = Planner.plan(spec);
      // In one chunk, and in chunks as small as they can be.
      for (TrainingLayout layout : List.of(TrainingLayout.of(plan),
          TrainingLayout.of(plan, TrainingLayout.of(plan).largestPiece()))) {
        replay(plan, layout, spec.toString());
      }
    }
  }

  private static void replay(Plan plan, TrainingLayout layout, String spec) {
    Activation[][] holder = new Activation[layout.chunks()][];
    for (int chunk = 0; chunk < layout.chunks(); chunk++) {
      holder[chunk] = new Activation[layout.chunkFloats(chunk)];
    }
    List<Layer> layers = plan.layers();
    write(holder, layout, plan.input());
    for (Activation a : plan.activations()) {
      if (layers.stream().noneMatch(l -> l.out().equals(a)) && !a.equals(plan.input())) {
        write(holder, layout, a);  // a dropout mask, written with its combination's output
      }
    }
    for (Layer layer : layers) {
      for (Activation a : layer.inputs()) {
        assertHeld(holder, layout, read(layout, a), spec + " forward " + layer);
      }
      if (layout.appliedByReaders(layer.out()) == null) {
        write(holder, layout, layer.out());
      }
    }
    for (Layer layer : layers.reversed()) {
      for (Layer.Norm norm : layout.recomputedBefore(layer)) {
        assertHeld(holder, layout, norm.in(), spec + " recomputing " + norm);
        write(holder, layout, norm.out());
      }
      for (Activation a : layer.inputs()) {
        if (TrainingLayout.readsValueBackward(layer, a)) {
          assertHeld(holder, layout, read(layout, a), spec + " backward " + layer);
        }
      }
    }
  }

  /**
   * What a layer reading {@code a} reads from memory: a batch norm's input where the reader
   * makes the batch norm's output as it reads it, else {@code a}.
   */
  private static Activation read(TrainingLayout layout, Activation a) {
    Layer.Norm norm = layout.appliedByReaders(a);
    return norm == null ? a : norm.in();
  }

  @Test
  void preActivationUnitsKeepTheirOutputAndTheirInnerConvolutionsOutputsOnly() {
    Plan plan = Planner.plan(Spec.defaults("Net", 164, true));
    TrainingLayout layout = TrainingLayout.of(plan);
    long kept = 0;
    for (Layer layer : plan.layers()) {
      if (!(layer instanceof Layer.Norm)) {
        kept += layer.out().shape().size();
      }
    }
    kept += plan.input().shape().size();
    long all = plan.activationFloatsPerImage();
    // The batch norms' outputs are half of a unit's activations; a few of them stay.
    assertTrue(layout.floats() < kept + all / 20, layout.floats() + " floats");
    assertTrue(layout.floats() < all * 6 / 10, layout.floats() + " of " + all + " floats");
    // Only convolutions read a unit's batch norms, bn1 also the projection: they make their
    // inputs from the batch norms' inputs, and nothing is recomputed or placed for them.
    Block first = plan.blocks().getFirst();
    List<String> applied = first.layers().stream()
        .filter(l -> l instanceof Layer.Norm norm && layout.appliedByReaders(norm.out()) == norm)
        .map(l -> ((Layer.Norm) l).norm().name())
        .toList();
    assertEquals(List.of("blocks.0.bn1", "blocks.0.bn2", "blocks.0.bn3"), applied);
    assertTrue(plan.layers().stream().allMatch(l -> layout.recomputedBefore(l).isEmpty()));
    // The final batch norm feeds the pooling, whose backward step needs no value: it is written
    // and not recomputed.
    Layer.Norm last = (Layer.Norm) plan.head().getFirst();
    assertNull(layout.appliedByReaders(last.out()));
    assertTrue(layout.offset(last.out().offset()) >= 0);
  }

  @Test
  void anOriginalUnitsBatchNormsBeforeTheAdditionAreWrittenAndRecomputed() {
    Plan plan = Planner.plan(Spec.defaults("Net", 20, false));
    TrainingLayout layout = TrainingLayout.of(plan);
    Block first = plan.blocks().getFirst();
    Map<String, Boolean> applied = new HashMap<>();
    for (Layer layer : first.layers()) {
      if (layer instanceof Layer.Norm norm) {
        applied.put(norm.norm().name(), layout.appliedByReaders(norm.out()) != null);
      }
    }
    // bn1 + relu feeds conv2 alone; bn2 feeds the addition.
    assertEquals(Map.of("blocks.0.bn1", true, "blocks.0.bn2", false), applied);
  }

  private static void write(Activation[][] holders, TrainingLayout layout, Activation a) {
    Activation[] holder = holders[layout.chunk(a.offset())];
    int start = layout.offset(a.offset());
    for (int i = start; i < start + a.shape().size(); i++) {
      holder[i] = a;
    }
  }

  private static void assertHeld(Activation[][] holders, TrainingLayout layout, Activation a,
      String where) {
    Activation[] holder = holders[layout.chunk(a.offset())];
    int start = layout.offset(a.offset());
    for (int i = start; i < start + a.shape().size(); i++) {
      if (holder[i] != a) {
        throw new AssertionError(where + ": " + a.name() + " was overwritten by "
            + (holder[i] == null ? "nothing" : holder[i].name()));
      }
    }
  }
}
