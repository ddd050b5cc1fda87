package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-164 of BN after addition (Fig. 4b) units, the paper's Table 2,
 * 6.50% CIFAR-10 error there. */
@ResNet(depth = 164, activation = ActivationOrder.BN_AFTER_ADDITION)
public final class BnAfterAdditionResNet164 {
  private BnAfterAdditionResNet164() {}
}
