package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * Full pre-activation bottleneck units computing 0.75 S + 0.25 F, small enough for finite
 * differences.
 */
@ResNet(depth = 11, activation = ActivationOrder.FULL_PREACTIVATION,
    shortcut = Shortcut.CONSTANT_SCALING, shortcutScale = 0.75, scaleBranch = true,
    inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyConstantScalingPreActBottleneck {
  private TinyConstantScalingPreActBottleneck() {}
}
