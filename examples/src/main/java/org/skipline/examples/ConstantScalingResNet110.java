package org.skipline.examples;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/** Original ResNet-110 whose shortcuts are scaled by 0.5 (Fig. 2b), the paper's Table 1: fails
 * there (over 20% CIFAR-10 error). */
@ResNet(depth = 110, preActivation = false, shortcut = Shortcut.CONSTANT_SCALING)
public final class ConstantScalingResNet110 {
  private ConstantScalingResNet110() {}
}
