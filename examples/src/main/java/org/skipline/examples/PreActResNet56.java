package org.skipline.examples;

import org.skipline.ResNet;

/** Full pre-activation ResNet-56 for CIFAR: 3 stages of 9 basic units. */
@ResNet(depth = 56, preActivation = true)
public final class PreActResNet56 {
  private PreActResNet56() {}
}
