package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original basic units whose shortcut is scaled by 0.5, small enough for finite differences. */
@ResNet(depth = 8, activation = ActivationOrder.ORIGINAL, shortcut = Shortcut.CONSTANT_SCALING,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyConstantScalingOriginalBasic {
  private TinyConstantScalingOriginalBasic() {}
}
