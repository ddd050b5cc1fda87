package org.skipline.examples;

import org.skipline.ResNet;

/** Full pre-activation ResNet-20 for CIFAR: 3 stages of 3 basic units, 0.27 M parameters. */
@ResNet(depth = 20, preActivation = true)
public final class PreActResNet20 {
  private PreActResNet20() {}
}
