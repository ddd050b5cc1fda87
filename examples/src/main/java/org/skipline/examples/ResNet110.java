package org.skipline.examples;

import org.skipline.ResNet;

/** Original ResNet-110 for CIFAR (post-activation units): 3 stages of 18 basic units (the paper's Table 1, 6.61% error). */
@ResNet(depth = 110, preActivation = false)
public final class ResNet110 {
  private ResNet110() {}
}
