package org.skipline.plan;

import java.util.ArrayList;
import java.util.List;
import org.skipline.ActivationOrder;
import org.skipline.Shortcut;

/** Small networks of every design, for the layout tests. */
final class Variants {

  private Variants() {}

  /**
   * Every activation order in basic (depth 20) and bottleneck (depth 29) units, and every
   * shortcut on the original and the full pre-activation unit.
   */
  static List<Spec> smallNetworks() {
    List<Spec> specs = new ArrayList<>();
    for (ActivationOrder order : ActivationOrder.values()) {
      if (order != ActivationOrder.AUTO) {
        specs.add(Spec.defaults("Net", 20, true).withActivation(order));
        specs.add(Spec.defaults("Net", 29, true).withActivation(order));
      }
    }
    for (Shortcut shortcut : Shortcut.values()) {
      specs.add(Spec.defaults("Net", 20, false).withShortcut(shortcut));
      specs.add(Spec.defaults("Net", 20, true).withShortcut(shortcut));
    }
    return specs;
  }
}
