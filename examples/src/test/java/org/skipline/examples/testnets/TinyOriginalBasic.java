package org.skipline.examples.testnets;

import org.skipline.ResNet;

/** An original basic network small enough for finite differences. */
@ResNet(depth = 8, preActivation = false, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
public final class TinyOriginalBasic {
  private TinyOriginalBasic() {}
}
