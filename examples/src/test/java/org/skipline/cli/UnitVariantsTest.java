package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.skipline.ActivationOrder;
import org.skipline.Shortcut;
import org.skipline.plan.Spec;

/** The names ablate and signal give unit designs, alone and as ORDER+SHORTCUT. */
class UnitVariantsTest {

  private final Spec preAct = Spec.of(org.skipline.examples.testnets.TinyPreActBasic.class);

  @Test
  void anOrderKeepsTheShortcutAndAShortcutKeepsTheOrder() {
    Spec relu = UnitVariants.apply("relu-before-addition", preAct);
    assertEquals(ActivationOrder.RELU_BEFORE_ADDITION, relu.order());
    assertEquals(Shortcut.IDENTITY, relu.shortcut());
    Spec gated = UnitVariants.apply("exclusive-gating", preAct);
    assertEquals(ActivationOrder.FULL_PREACTIVATION, gated.order());
    assertEquals(Shortcut.EXCLUSIVE_GATING, gated.shortcut());
    assertEquals(preAct, UnitVariants.apply("identity", preAct));
  }

  @Test
  void orderPlusShortcutGivesTheTable1DesignsOnOriginalUnits() {
    Spec scaled = UnitVariants.apply("original+constant-scaling", preAct);
    assertEquals(ActivationOrder.ORIGINAL, scaled.order());
    assertEquals(Shortcut.CONSTANT_SCALING, scaled.shortcut());
    assertEquals(0.5, scaled.shortcutScale());
    assertEquals(UnitVariants.apply("original", preAct),
        UnitVariants.apply("original+identity", preAct));
    assertEquals(UnitVariants.apply("original", preAct).withShortcut(Shortcut.DROPOUT),
        UnitVariants.apply("original+dropout-shortcut", preAct));
  }

  @Test
  void namesThatDoNotFormOneOrderAndOneShortcutAreNotVariants() {
    assertNull(UnitVariants.apply("sideways", preAct));
    assertNull(UnitVariants.apply("original+bn-after-addition", preAct));
    assertNull(UnitVariants.apply("constant-scaling+original", preAct));
    assertNull(UnitVariants.apply("original+", preAct));
    assertNull(UnitVariants.apply("original+constant-scaling+identity", preAct));
  }
}
