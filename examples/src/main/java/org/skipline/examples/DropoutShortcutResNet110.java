package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 with dropout 0.5 on every shortcut (Fig. 2f), the paper's Table 1:
 * fails there (over 20% CIFAR-10 error). */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.DROPOUT)
public final class DropoutShortcutResNet110 {
  private DropoutShortcutResNet110() {}
}
