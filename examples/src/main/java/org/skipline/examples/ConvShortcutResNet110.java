package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 with a 1x1 convolution on every shortcut (Fig. 2e), the paper's Table
 * 1: 12.22% CIFAR-10 error there. */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.CONV_1X1)
public final class ConvShortcutResNet110 {
  private ConvShortcutResNet110() {}
}
