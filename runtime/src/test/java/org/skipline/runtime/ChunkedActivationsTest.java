package org.skipline.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.skipline.Shortcut;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.plan.TrainingLayout;

/**
 * A batch whose training activations do not fit one Java array (ResNet-1001 at batch 128 needs
 * 2.5 billion floats) runs in chunks of the training layout, one array each: the same logits,
 * loss and gradients, to the bit, as in one array. Small networks are split into small chunks
 * here to show it.
 */
class ChunkedActivationsTest {

  @Test
  void aTrainingStepInChunksGivesTheBitsOfOneArray() {
    for (Spec spec : new Spec[] {Spec.defaults("Net", 20, true), Spec.defaults("Net", 29, true),
        Spec.defaults("Net", 20, false).withShortcut(Shortcut.EXCLUSIVE_GATING)}) {
      Plan plan = Planner.plan(spec);
      int limit = TrainingLayout.of(plan).largestPiece();
      TrainingLayout chunked = TrainingLayout.of(plan, limit);
      assertTrue(chunked.chunks() > 3, spec.name() + ": " + chunked.chunks() + " chunks");
      assertEquals(TrainingLayout.of(plan).floats(), chunked.floats());
      int batch = 3;
      Network whole = new Interpreter(plan, batch);
      Network split = new InChunks(plan, batch, limit);
      whole.initialize(5);
      split.initialize(5);
      Random random = new Random(9);
      float[] images = new float[batch * plan.input().shape().size()];
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextGaussian();
      }
      int[] labels = {1, 4, 7};
      for (Network net : new Network[] {whole, split}) {
        net.forward(images, batch, true);
        net.loss(labels);
        net.zeroGradients();
        net.backward();
      }
      assertArrayEquals(whole.logits(), split.logits());
      for (Parameter p : plan.parameters()) {
        assertArrayEquals(whole.gradient(p), split.gradient(p), p.name());
      }
    }
  }

  /** The interpreter's calls on a network whose training activations come in small chunks. */
  private static final class InChunks extends Network {

    InChunks(Plan plan, int capacity, int maxChunkFloats) {
      super(plan, capacity, maxChunkFloats);
    }

    @Override
    protected Network replica() {
      throw new UnsupportedOperationException("trains only");
    }

    @Override
    protected void forwardPass() {
      plan().layers().forEach(layer -> Interpreter.forward(this, layer));
    }

    @Override
    protected void backwardPass() {
      plan().layers().reversed().forEach(layer -> Interpreter.stepBack(this, layer, null));
    }
  }
}
