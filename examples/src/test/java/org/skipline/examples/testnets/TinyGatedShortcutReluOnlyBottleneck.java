package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * ReLU-only pre-activation bottleneck units with shortcut-only gates, small enough for finite
 * differences.
 */
@ResNet(depth = 11, activation = ActivationOrder.RELU_ONLY_PREACTIVATION,
    shortcut = Shortcut.SHORTCUT_ONLY_GATING, inputHeight = 8, inputWidth = 8, baseWidth = 4,
    classes = 3)
public final class TinyGatedShortcutReluOnlyBottleneck {
  private TinyGatedShortcutReluOnlyBottleneck() {}
}
