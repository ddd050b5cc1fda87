package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * Full pre-activation bottleneck units with a 1x1 convolution shortcut on every unit, small enough
 * for finite differences.
 */
@ResNet(depth = 11, activation = ActivationOrder.FULL_PREACTIVATION, shortcut = Shortcut.CONV_1X1,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyConvShortcutPreActBottleneck {
  private TinyConvShortcutPreActBottleneck() {}
}
