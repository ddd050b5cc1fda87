package org.skipline.plan;

import java.util.List;

/**
 * One residual unit.
 *
 * @param index position across all stages, from 0, as in the parameter names {@code blocks.i}
 * @param stage 1, 2 or 3
 * @param unitInStage position in its stage, from 1
 * @param projection whether the shortcut is a projection (1x1 convolution) instead of the
 *     identity
 * @param layers the unit's layers in forward order, ending with the residual addition: an original
 *     unit's {@link Layer.Add}, or the last convolution of a pre-activation unit, which adds the
 *     shortcut itself
 */
public record Block(int index, int stage, int unitInStage, int unitsInStage, int stride,
    boolean projection, Activation in, Activation out, List<Layer> layers) {

  public Block {
    layers = List.copyOf(layers);
  }

  /** The module name prefix: {@code blocks.17}. */
  public String name() {
    return "blocks." + index;
  }
}
