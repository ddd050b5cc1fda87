package org.skipline.examples;

import org.skipline.ResNet;

/** Full pre-activation ResNet-164 for CIFAR: 3 stages of 18 bottleneck units, 1.7 M parameters (the paper's Table 2, 5.46% error). */
@ResNet(depth = 164, preActivation = true)
public final class PreActResNet164 {
  private PreActResNet164() {}
}
