package org.skipline.examples.testnets;

import org.skipline.ResNet;

/** A full pre-activation bottleneck network small enough for finite differences. */
@ResNet(depth = 11, preActivation = true, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyPreActBottleneck {
  private TinyPreActBottleneck() {}
}
