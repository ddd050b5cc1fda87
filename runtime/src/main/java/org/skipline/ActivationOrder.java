package org.skipline;

/**
 * Where a residual unit puts its batch norms and ReLUs relative to the addition: the five designs
 * of the paper's Fig. 4 (Table 2). {@code x} is the unit's input, {@code K} its number of
 * convolutions (2 basic, 3 bottleneck).
 */
public enum ActivationOrder {
  /** Follow {@link ResNet#preActivation()}: {@link #FULL_PREACTIVATION} or {@link #ORIGINAL}. */
  AUTO,
  /** (a) conv-BN-ReLU ... convK-BNK, add, then ReLU: the original unit. */
  ORIGINAL,
  /** (b) conv-BN-ReLU ... convK, add, then BN and ReLU ({@code post_bn}). */
  BN_AFTER_ADDITION,
  /** (c) conv-BN-ReLU ... convK-BNK-ReLU, then add; nothing after the addition. */
  RELU_BEFORE_ADDITION,
  /** (d) ReLU first, then conv-BN-ReLU ... convK-BNK, add; nothing after the addition. */
  RELU_ONLY_PREACTIVATION,
  /** (e) BN-ReLU-conv ... BNK-ReLU-convK, add; nothing after the addition. */
  FULL_PREACTIVATION;

  /** The paper's name for the design: {@code BN after addition}. */
  public String description() {
    return switch (this) {
      case AUTO -> "as preActivation says";
      case ORIGINAL -> "original";
      case BN_AFTER_ADDITION -> "BN after addition";
      case RELU_BEFORE_ADDITION -> "ReLU before addition";
      case RELU_ONLY_PREACTIVATION -> "ReLU-only pre-activation";
      case FULL_PREACTIVATION -> "full pre-activation";
    };
  }

  /** The name the command line and tables use: {@code bn-after-addition}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
