package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-110 of BN after addition (Fig. 4b) units, the paper's Table 2,
 * 8.17% CIFAR-10 error there. */
@ResNet(depth = 110, activation = ActivationOrder.BN_AFTER_ADDITION)
public final class BnAfterAdditionResNet110 {
  private BnAfterAdditionResNet110() {}
}
