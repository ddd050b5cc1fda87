package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 with exclusive gating, (1 - g) on the shortcut and g on the branch, gate
 * bias -6 (Fig. 2c), the paper's Table 1: 8.70% CIFAR-10 error there. */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.EXCLUSIVE_GATING)
public final class ExclusiveGatingResNet110 {
  private ExclusiveGatingResNet110() {}
}
