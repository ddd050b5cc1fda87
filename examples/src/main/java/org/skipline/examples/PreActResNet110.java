package org.skipline.examples;

import org.skipline.ResNet;

/** Full pre-activation ResNet-110 for CIFAR: 3 stages of 18 basic units, 1.7 M parameters (the paper's Table 2, 6.37% error). */
@ResNet(depth = 110, preActivation = true)
public final class PreActResNet110 {
  private PreActResNet110() {}
}
