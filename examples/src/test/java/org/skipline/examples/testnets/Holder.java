package org.skipline.examples.testnets;

import org.skipline.ResNet;

/** Holds a nested spec, which the launcher finds by its source name. */
public final class Holder {
  private Holder() {}

  /** A nested spec: its generated class is {@code Holder_NestedSpecNetwork}. */
  @ResNet(depth = 8, inputHeight = 8, inputWidth = 8, baseWidth = 4, classes = 3)
  public static final class NestedSpec {
    private NestedSpec() {}
  }
}
