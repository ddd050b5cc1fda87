package org.skipline.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A labelled image set in memory.
 *
 * <p>Images are stored as one flat float array in PyTorch's {@code [N, C, H, W]} layout, holding
 * raw pixel values (0 to 255 for the real data sets) so that normalisation is a separate, visible
 * step; labels are class indices in {@code [0, classes)}. The arrays are shared, not copied:
 * callers must not modify them while a {@link BatchLoader} reads them.
 *
 * @param name a short description for messages, e.g. {@code fashion-mnist/train}
 * @param channels C, colour channels per image
 * @param height H, rows per image
 * @param width W, columns per image
 * @param classes number of classes; every label is in {@code [0, classes)}
 * @param images {@code [N, C, H, W]} pixel values
 * @param labels {@code [N]} class indices
 */
public record Dataset(
    String name, int channels, int height, int width, int classes, float[] images, int[] labels) {

  /** Checks that the shapes agree and every label is in range. */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "dataset "
              + name
              + " has a non-positive dimension: "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", "
              + classes
              + " classes");
    }
    long expected = (long) labels.length * channels * height * width;
    if (images.length != expected) {
      throw new IllegalArgumentException(
          "dataset "
              + name
              + " has "
              + images.length
              + " pixel values for "
              + labels.length
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", expected "
              + expected);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " has label "
                + labels[i]
                + " at image "
                + i
                + ", outside 0.."
                + (classes - 1));
      }
    }
  }

  /**
   * SHA-256 of the shape, the labels and the pixel values, hex: what a checkpoint records so that
   * a run resumes only on the data it started with.
   */
  public String digest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(channels).putInt(height).putInt(width).putInt(classes).putInt(size());
    for (int i = 0; i < labels.length; ) {
      int n = Math.min(labels.length - i, buffer.remaining() / Integer.BYTES);
      buffer.asIntBuffer().put(labels, i, n);
      buffer.position(buffer.position() + n * Integer.BYTES);
      i += n;
      sha.update(buffer.flip());
      buffer.clear();
    }
    for (int i = 0; i < images.length; ) {
      int n = Math.min(images.length - i, buffer.remaining() / Float.BYTES);
      buffer.asFloatBuffer().put(images, i, n);
      buffer.position(buffer.position() + n * Float.BYTES);
      i += n;
      sha.update(buffer.flip());
      buffer.clear();
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Part {@code part} of {@code parts}: the images whose index is {@code part} modulo {@code
   * parts}, in order, copied. Each shard of a data-parallel run trains on one part, so a worker
   * holds only its part of the data; the interleaving keeps every part a sample of the whole
   * (a data set stored class by class would otherwise give each part a few classes).
   */
  public Dataset part(int part, int parts) {
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts + " does not exist");
    }
    if (parts == 1) {
      return this;
    }
    int count = (size() - part + parts - 1) / parts;
    int imageSize = imageSize();
    float[] partImages = new float[count * imageSize];
    int[] partLabels = new int[count];
    for (int i = 0; i < count; i++) {
      int from = part + i * parts;
      System.arraycopy(images, from * imageSize, partImages, i * imageSize, imageSize);
      partLabels[i] = labels[from];
    }
    return new Dataset(name + " part " + (part + 1) + " of " + parts, channels, height, width,
        classes, partImages, partLabels);
  }

  /**
   * Returns the number of images N.
   *
   * @return N
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the number of values in one image, {@code C*H*W}.
   *
   * @return values per image
   */
  public int imageSize() {
    return channels * height * width;
  }
}
