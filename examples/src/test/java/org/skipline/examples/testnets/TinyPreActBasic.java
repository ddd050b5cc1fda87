package org.skipline.examples.testnets;

import org.skipline.ResNet;

/** A full pre-activation basic network small enough for finite differences. */
@ResNet(depth = 8, preActivation = true, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyPreActBasic {
  private TinyPreActBasic() {}
}
