package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-164 of ReLU-only pre-activation (Fig. 4d) units, the paper's Table 2,
 * 5.91% CIFAR-10 error there. */
@ResNet(depth = 164, activation = ActivationOrder.RELU_ONLY_PREACTIVATION)
public final class ReluOnlyPreActResNet164 {
  private ReluOnlyPreActResNet164() {}
}
