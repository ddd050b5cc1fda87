package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original bottleneck units with exclusive gates, bias -6, small enough for finite differences. */
@ResNet(depth = 11, activation = ActivationOrder.ORIGINAL, shortcut = Shortcut.EXCLUSIVE_GATING,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyExclusiveGatingOriginalBottleneck {
  private TinyExclusiveGatingOriginalBottleneck() {}
}
