package org.skipline.plan;

import java.util.List;

/**
 * One trainable tensor, under its PyTorch {@code state_dict} name.
 *
 * @param shape PyTorch's shape: conv {@code [K,C,R,R]}, BN {@code [C]}, fc {@code [classes,C]}
 * @param offset floats before it in the parameter buffer (and the gradient and velocity buffers,
 *     which share the layout)
 */
public record Parameter(String name, List<Integer> shape, int offset) {

  public Parameter {
    shape = List.copyOf(shape);
  }

  /** Number of floats. */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** Shape as a long array, as tensor files carry it. */
  public long[] shapeArray() {
    return shape.stream().mapToLong(Integer::longValue).toArray();
  }

  /** The Java constant that holds this offset in generated code: {@code BLOCKS_3_CONV1_WEIGHT}. */
  public String constantName() {
    return constantPart(name);
  }

  static String constantPart(String name) {
    return name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
