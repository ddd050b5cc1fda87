package org.skipline;

import java.util.Locale;

/**
 * What a residual unit's shortcut carries and how it meets the residual branch: the paper's
 * Table 1. {@code S} is the unit's input, or its projection where the shape changes; {@code F}
 * the branch's output; {@code g = sigmoid(gate(pre))} a 1x1 convolution with bias of what the
 * branch sees. The result is what the activation order's "after combining" step receives.
 */
public enum Shortcut {
  /** {@code S + F}: the identity mapping the paper argues for. */
  IDENTITY,
  /**
   * {@code lambda * S + F}, or {@code lambda * S + (1 - lambda) * F} with {@link
   * ResNet#scaleBranch()}; {@code lambda} is {@link ResNet#shortcutScale()}.
   */
  CONSTANT_SCALING,
  /** {@code (1 - g) * S + g * F}; the gate's bias starts at {@link ResNet#gateBias()}. */
  EXCLUSIVE_GATING,
  /** {@code (1 - g) * S + F}; the gate's bias starts at {@link ResNet#gateBias()}. */
  SHORTCUT_ONLY_GATING,
  /** {@code S + F} with a 1x1 convolution projection on every unit, shape change or not. */
  CONV_1X1,
  /**
   * {@code dropout(S, p) + F} with {@code p} = {@link ResNet#shortcutDropout()}: in training each
   * shortcut value is dropped with probability {@code p} and the kept ones scaled by {@code
   * 1/(1-p)}; in evaluation the shortcut passes unchanged.
   */
  DROPOUT;

  /** Whether the unit has a gate, {@code blocks.{i}.gate}. */
  public boolean gated() {
    return this == EXCLUSIVE_GATING || this == SHORTCUT_ONLY_GATING;
  }

  /** The paper's name for the variant: {@code exclusive gating}. */
  public String description() {
    return switch (this) {
      case IDENTITY -> "identity";
      case CONSTANT_SCALING -> "constant scaling";
      case EXCLUSIVE_GATING -> "exclusive gating";
      case SHORTCUT_ONLY_GATING -> "shortcut-only gating";
      case CONV_1X1 -> "1x1 convolution shortcut";
      case DROPOUT -> "dropout shortcut";
    };
  }

  /**
   * The name the command line and tables use: {@code exclusive-gating}, and {@code
   * conv-shortcut} and {@code dropout-shortcut} for the two whose bare names would be unclear.
   */
  public String label() {
    return switch (this) {
      case CONV_1X1 -> "conv-shortcut";
      case DROPOUT -> "dropout-shortcut";
      default -> name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }

  /** The variant whose {@link #label()} is {@code label}, or null. */
  public static Shortcut ofLabel(String label) {
    for (Shortcut s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    return null;
  }
}
