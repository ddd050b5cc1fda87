package org.skipline.cli;

import java.util.ArrayList;
import java.util.List;
import org.skipline.ActivationOrder;
import org.skipline.Shortcut;
import org.skipline.plan.Spec;

/**
 * The unit designs {@code ablate} and {@code signal} compare, by the names the command line
 * uses: the activation orders of the paper's Fig. 4, which keep the model's shortcut, and the
 * shortcut variants of its Table 1, applied on the model's activation order with their default
 * values; the model's own shortcut keeps the values its spec gives, so {@code identity} is the
 * model itself for a spec with identity shortcuts, as every example's. {@code ORDER+SHORTCUT}
 * names both, such as {@code original+constant-scaling}: the paper's Table 1 varies the
 * shortcuts of original units.
 */
final class UnitVariants {

  private UnitVariants() {}

  /** The spec of {@code own}'s network with the units {@code variant} names, or null. */
  static Spec apply(String variant, Spec own) {
    int plus = variant.indexOf('+');
    if (plus >= 0) {
      ActivationOrder order = order(variant.substring(0, plus));
      String shortcut = variant.substring(plus + 1);
      return order == null || order(shortcut) != null ? null
          : apply(shortcut, own.withActivation(order));
    }
    ActivationOrder order = order(variant);
    if (order != null) {
      return own.withActivation(order);
    }
    Shortcut shortcut = Shortcut.ofLabel(variant);
    if (shortcut == own.shortcut()) {
      return own;  // the model's own shortcut, with the values its spec gives
    }
    return shortcut == null ? null : own.withShortcut(shortcut);
  }

  /** The activation order a name gives, or null. */
  private static ActivationOrder order(String label) {
    for (ActivationOrder o : ActivationOrder.values()) {
      if (o != ActivationOrder.AUTO && o.label().equals(label)) {
        return o;
      }
    }
    return null;
  }

  /** Every name, activation orders first, for messages: {@code original, ..., or identity}. */
  static String names() {
    List<String> names = new ArrayList<>();
    for (ActivationOrder o : ActivationOrder.values()) {
      if (o != ActivationOrder.AUTO) {
        names.add(o.label());
      }
    }
    for (Shortcut s : Shortcut.values()) {
      names.add(s.label());
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast()
        + ", or ORDER+SHORTCUT such as original+constant-scaling";
  }
}
