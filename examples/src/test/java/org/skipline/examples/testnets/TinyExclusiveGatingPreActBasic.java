package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * Full pre-activation basic units with exclusive gates an eighth open, small enough for finite
 * differences.
 */
@ResNet(depth = 8, activation = ActivationOrder.FULL_PREACTIVATION,
    shortcut = Shortcut.EXCLUSIVE_GATING, gateBias = -2.0, inputHeight = 8, inputWidth = 8,
    baseWidth = 4, classes = 3)
public final class TinyExclusiveGatingPreActBasic {
  private TinyExclusiveGatingPreActBasic() {}
}
