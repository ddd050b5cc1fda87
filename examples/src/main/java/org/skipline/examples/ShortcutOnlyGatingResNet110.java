package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 with shortcut-only gating, (1 - g) on the shortcut, gate bias -6
 * (Fig. 2d), the paper's Table 1: 6.91% CIFAR-10 error there. */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.SHORTCUT_ONLY_GATING)
public final class ShortcutOnlyGatingResNet110 {
  private ShortcutOnlyGatingResNet110() {}
}
