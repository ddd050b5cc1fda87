package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * Full pre-activation basic units whose shortcut drops half its values in training, small enough
 * for finite differences.
 */
@ResNet(depth = 8, activation = ActivationOrder.FULL_PREACTIVATION, shortcut = Shortcut.DROPOUT,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyDropoutPreActBasic {
  private TinyDropoutPreActBasic() {}
}
