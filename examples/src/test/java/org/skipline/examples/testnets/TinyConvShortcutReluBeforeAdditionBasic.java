package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * ReLU-before-addition basic units with a 1x1 convolution shortcut on every unit, small enough for
 * finite differences.
 */
@ResNet(depth = 8, activation = ActivationOrder.RELU_BEFORE_ADDITION, shortcut = Shortcut.CONV_1X1,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyConvShortcutReluBeforeAdditionBasic {
  private TinyConvShortcutReluBeforeAdditionBasic() {}
}
