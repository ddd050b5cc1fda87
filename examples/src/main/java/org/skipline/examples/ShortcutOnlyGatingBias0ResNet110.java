package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 with shortcut-only gating whose gate bias starts at 0 (Fig. 2d), the
 * paper's Table 1: 12.86% CIFAR-10 error there, against 6.91% with bias -6. */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.SHORTCUT_ONLY_GATING,
    gateBias = 0)
public final class ShortcutOnlyGatingBias0ResNet110 {
  private ShortcutOnlyGatingBias0ResNet110() {}
}
