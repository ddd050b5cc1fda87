package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** A bottleneck network of the paper's RELU_BEFORE_ADDITION units, small enough for finite differences. */
@ResNet(depth = 11, activation = ActivationOrder.RELU_BEFORE_ADDITION, inputHeight = 8, inputWidth = 8,
    baseWidth = 4, classes = 3)
public final class TinyReluBeforeAdditionBottleneck {
  private TinyReluBeforeAdditionBottleneck() {}
}
