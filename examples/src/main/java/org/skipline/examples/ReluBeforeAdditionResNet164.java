package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-164 of ReLU before addition (Fig. 4c) units, the paper's Table 2,
 * 6.14% CIFAR-10 error there. */
@ResNet(depth = 164, activation = ActivationOrder.RELU_BEFORE_ADDITION)
public final class ReluBeforeAdditionResNet164 {
  private ReluBeforeAdditionResNet164() {}
}
