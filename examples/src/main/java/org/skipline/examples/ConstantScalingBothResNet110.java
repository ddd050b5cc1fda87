package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 whose shortcuts and branches are both scaled by 0.5 (Fig. 2b), the
 * paper's Table 1: 12.35% CIFAR-10 error there. */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.CONSTANT_SCALING,
    scaleBranch = true)
public final class ConstantScalingBothResNet110 {
  private ConstantScalingBothResNet110() {}
}
