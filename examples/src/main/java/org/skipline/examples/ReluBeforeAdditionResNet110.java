package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-110 of ReLU before addition (Fig. 4c) units, the paper's Table 2,
 * 7.84% CIFAR-10 error there. */
@ResNet(depth = 110, activation = ActivationOrder.RELU_BEFORE_ADDITION)
public final class ReluBeforeAdditionResNet110 {
  private ReluBeforeAdditionResNet110() {}
}
