package org.skipline.plan;

/**
 * One activation tensor of the forward pass, stored for the backward pass.
 *
 * @param name the layer that produces it ({@code blocks.3.conv1}), or {@code input}
 * @param offset floats before it in one image's worth of activations; in a batch of {@code n}
 *     images the tensor occupies {@code [n * offset, n * (offset + shape.size()))} of the
 *     activation buffer, laid out {@code [N,C,H,W]}
 */
public record Activation(String name, Shape shape, int offset) {

  /** The Java constant that holds this offset in generated code: {@code BLOCKS_3_CONV1_OUT}. */
  public String constantName() {
    return name.equals(Plan.INPUT) ? "INPUT" : Parameter.constantPart(name) + "_OUT";
  }
}
