package org.skipline.examples;

import org.skipline.ResNet;

/**
 * Full pre-activation ResNet-56 for Fashion-MNIST: 1x28x28 grey images, 10 classes; stages at
 * 28x28, 14x14 and 7x7.
 */
@ResNet(depth = 56, preActivation = true, inputChannels = 1, inputHeight = 28, inputWidth = 28)
public final class FashionPreActResNet56 {
  private FashionPreActResNet56() {}
}
