package org.skipline.examples.testnets;

import org.skipline.ResNet;

/** An original bottleneck network small enough for finite differences. */
@ResNet(depth = 11, preActivation = false, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyOriginalBottleneck {
  private TinyOriginalBottleneck() {}
}
