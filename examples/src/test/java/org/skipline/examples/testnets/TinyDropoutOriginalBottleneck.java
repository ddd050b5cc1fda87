package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * Original bottleneck units whose shortcut drops a quarter of its values in training, small enough
 * for finite differences.
 */
@ResNet(depth = 11, activation = ActivationOrder.ORIGINAL, shortcut = Shortcut.DROPOUT,
    shortcutDropout = 0.25, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyDropoutOriginalBottleneck {
  private TinyDropoutOriginalBottleneck() {}
}
