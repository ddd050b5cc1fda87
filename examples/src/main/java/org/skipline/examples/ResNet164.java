package org.skipline.examples;

import org.skipline.ResNet;

/** Original ResNet-164 for CIFAR (post-activation units): 3 stages of 18 bottleneck units (the paper's Table 2, 5.93% error). */
@ResNet(depth = 164, preActivation = false)
public final class ResNet164 {
  private ResNet164() {}
}
