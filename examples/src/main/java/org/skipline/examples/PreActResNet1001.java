package org.skipline.examples;

import org.skipline.ResNet;

/** Full pre-activation ResNet-1001 for CIFAR: 3 stages of 111 bottleneck units, 10.3 M parameters (the paper's 4.92% error on CIFAR-10). */
@ResNet(depth = 1001, preActivation = true)
public final class PreActResNet1001 {
  private PreActResNet1001() {}
}
