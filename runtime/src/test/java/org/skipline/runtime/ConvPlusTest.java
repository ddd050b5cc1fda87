package org.skipline.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skipline.plan.Layer;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Shape;
import org.skipline.plan.Spec;

/**
 * {@link Network#convPlus}, the convolution that adds a unit's shortcut, against a plain {@link
 * Network#conv} into the unit's output followed by {@link Network#add} in place: the same bits
 * whether the images are split between the threads, or one image into bands of rows (32 x 32
 * and 16 x 16) or blocks of channels (8 x 8); and {@link Network#initialize} drawing in the
 * parameters' order although a projection runs before its unit's last convolution.
 */
class ConvPlusTest {

  private static final Plan PLAN = Planner.plan(Spec.defaults("Net", 20, true));

  @ParameterizedTest(name = "batch {0}, training {1}")
  @CsvSource({"1, false", "3, false", "1, true", "3, true"})
  void addingInTheConvolutionGivesTheBitsOfAConvolutionThenAnAddition(int batch,
      boolean training) {
    Network fused = new Interpreter(PLAN, batch);
    Network separate = new ConvThenAdd(PLAN, batch);
    fused.initialize(3);
    separate.initialize(3);
    Random random = new Random(batch);
    float[] images = new float[batch * PLAN.input().shape().size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    int[] labels = new int[batch];
    fused.forward(images, batch, training);
    separate.forward(images, batch, training);
    assertArrayEquals(separate.logits(), fused.logits());
    if (training) {
      assertEquals(separate.loss(labels), fused.loss(labels));
      fused.zeroGradients();
      separate.zeroGradients();
      fused.backward();
      separate.backward();
      for (Parameter p : PLAN.parameters()) {
        assertArrayEquals(separate.gradient(p), fused.gradient(p), p.name());
      }
    }
  }

  @Test
  void initialWeightsAreDrawnInTheParametersOrder() {
    Network net = new Interpreter(PLAN, 1);
    net.initialize(7);
    Random random = new Random(7);
    List<Parameter> parameters = PLAN.parameters();
    // The first unit of stage 2 projects its input, and the projection runs first.
    assertEquals(List.of("blocks.3.conv1", "blocks.3.proj", "blocks.3.conv2"),
        PLAN.blocks().get(3).layers().stream()
            .filter(l -> l instanceof Layer.Conv)
            .map(l -> ((Layer.Conv) l).name())
            .toList());
    for (Parameter p : parameters) {
      List<Integer> shape = p.shape();
      float[] expected = new float[p.size()];
      if (shape.size() == 4) {
        double std = Math.sqrt(2.0 / (shape.get(2) * shape.get(3) * shape.get(0)));
        for (int i = 0; i < expected.length; i++) {
          expected[i] = (float) (random.nextGaussian() * std);
        }
      } else if (p.name().equals("fc.weight")) {
        double bound = 1 / Math.sqrt(shape.get(1));
        for (int i = 0; i < expected.length; i++) {
          expected[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
      } else if (p.name().endsWith(".weight")) {
        Arrays.fill(expected, 1f);
      }
      assertArrayEquals(expected, net.parameter(p), p.name());
    }
  }

  /**
   * The interpreter, with every shortcut added by a separate, in-place addition after the
   * convolution; the backward pass is the interpreter's.
   */
  private static final class ConvThenAdd extends Network {

    ConvThenAdd(Plan plan, int capacity) {
      super(plan, capacity);
    }

    private ConvThenAdd(ConvThenAdd original) {
      super(original);
    }

    @Override
    protected Network replica() {
      return new ConvThenAdd(this);
    }

    @Override
    protected void forwardPass() {
      for (Layer layer : plan().layers()) {
        if (layer instanceof Layer.Conv c && c.shortcut().isPresent()) {
          Shape s = c.in().shape();
          conv(c.weight().offset(), c.in().offset(), c.out().offset(), s.channels(), s.height(),
              s.width(), c.out().shape().channels(), c.kernel(), c.stride(), c.padding());
          add(c.shortcut().get().offset(), c.out().offset(), c.out().offset(),
              c.out().shape().size(), false);
        } else {
          Interpreter.forward(this, layer);
        }
      }
    }

    @Override
    protected void backwardPass() {
      for (Layer layer : plan().layers().reversed()) {
        Interpreter.stepBack(this, layer, null);
      }
    }
  }
}
