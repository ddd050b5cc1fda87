package org.skipline.examples;

import org.skipline.ResNet;

/** Original ResNet-20 for CIFAR (post-activation units): 3 stages of 3 basic units. */
@ResNet(depth = 20, preActivation = false)
public final class ResNet20 {
  private ResNet20() {}
}
