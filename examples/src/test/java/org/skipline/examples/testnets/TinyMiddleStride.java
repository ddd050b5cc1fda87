package org.skipline.examples.testnets;

import org.skipline.DownsampleStride;
import org.skipline.ResNet;

/** A bottleneck network with the stride on its 3x3 convolutions and a non-square, odd input. */
@ResNet(depth = 11, preActivation = true, bottleneckStride = DownsampleStride.MIDDLE_3X3, inputChannels = 2, inputHeight = 7, inputWidth = 12, baseWidth = 3, classes = 5)
public final class TinyMiddleStride {
  private TinyMiddleStride() {}
}
