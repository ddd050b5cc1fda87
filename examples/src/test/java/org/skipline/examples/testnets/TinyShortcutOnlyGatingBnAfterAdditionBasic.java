package org.skipline.examples.testnets;

import org.skipline.ActivationOrder;
import org.skipline.ResNet;
import org.skipline.Shortcut;

/** BN-after-addition basic units with shortcut-only gates, small enough for finite differences. */
@ResNet(depth = 8, activation = ActivationOrder.BN_AFTER_ADDITION,
    shortcut = Shortcut.SHORTCUT_ONLY_GATING, gateBias = -2.0, inputHeight = 8, inputWidth = 8,
    baseWidth = 4, classes = 3)
public final class TinyShortcutOnlyGatingBnAfterAdditionBasic {
  private TinyShortcutOnlyGatingBnAfterAdditionBasic() {}
}
