package org.skipline.spark;

import org.skipline.ResNet;
import org.skipline.Shortcut;

/**
 * A small pre-activation network with the dropout shortcut, whose masks a shard draws from its
 * own seed: the tests' subject, trained on 1x8x8 images of 4 classes.
 */
@ResNet(depth = 8, preActivation = true, shortcut = Shortcut.DROPOUT, shortcutDropout = 0.2,
    inputChannels = 1, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 4)
final class TinySpark {
  private TinySpark() {}
}
