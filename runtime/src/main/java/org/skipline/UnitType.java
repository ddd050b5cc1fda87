package org.skipline;

/** The residual unit a network is built from. */
public enum UnitType {
  /**
   * Derive the unit from the depth: {@code 6n+2} is basic, {@code 9n+2} is bottleneck. Where both
   * fit ({@code depth - 2} divisible by 18) the papers' choice decides: basic below 164 layers
   * (20, 56, 110), bottleneck from 164 on (164, and every deeper network that fits both).
   */
  AUTO,
  /** Two 3x3 convolutions; depth {@code 6n+2}. */
  BASIC,
  /** A 1x1, a 3x3 and a 1x1 convolution with a 4x wider output; depth {@code 9n+2}. */
  BOTTLENECK;

  /** Depth from which {@link #AUTO} prefers bottleneck units when both rules fit. */
  public static final int BOTTLENECK_FROM_DEPTH = 164;
}
