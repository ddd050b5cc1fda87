package org.skipline.examples;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;

/** ResNet-110 of ReLU-only pre-activation (Fig. 4d) units, the paper's Table 2,
 * 6.71% CIFAR-10 error there. */
@ResNet(depth = 110, activation = ActivationOrder.RELU_ONLY_PREACTIVATION)
public final class ReluOnlyPreActResNet110 {
  private ReluOnlyPreActResNet110() {}
}
