package org.skipline.plan;

/** The shape of one image's slice of an activation: channels, height, width. */
public record Shape(int channels, int height, int width) {

  /** Floats per image. */
  public int size() {
    return Math.multiplyExact(Math.multiplyExact(channels, height), width);
  }

  /** Pixels per channel. */
  public int pixels() {
    return height * width;
  }

  /** As shapes are written in comments: {@code (N,64,32,32)}. */
  @Override
  public String toString() {
    return height == 1 && width == 1
        ? "(N," + channels + ")"
        : "(N," + channels + "," + height + "," + width + ")";
  }
}
