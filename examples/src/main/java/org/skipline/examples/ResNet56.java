package org.skipline.examples;

import org.skipline.ResNet;

/** Original ResNet-56 for CIFAR (post-activation units): 3 stages of 9 basic units. */
@ResNet(depth = 56, preActivation = false)
public final class ResNet56 {
  private ResNet56() {}
}
