package org.skipline.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Fashion-MNIST from its four IDX files: 60,000 training and 10,000 test images of 1x28x28 in
 * 10 classes.
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the gzip-compressed files in {@link
 * #DEFAULT_DIRECTORY}; a directory of uncompressed files (the same names without {@code .gz}) works
 * too.
 */
final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  static final int SIDE = 28;
  static final int CLASSES = 10;

  private static final String INSTALL_HINT =
      "install it with 'apt-get install dataset-fashion-mnist' or give fashion-mnist:DIR with the"
          + " four IDX files";

  private FashionMnist() {}

  /** Loads both splits from {@code dir}. */
  static Splits load(Path dir) throws DataException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new DataException(String.format("%s is a file, but fashion-mnist:DIR names the folder"
          + " that holds the four IDX files (train-images-idx3-ubyte.gz and the others)", dir));
    }
    if (!Files.isDirectory(dir)) {
      throw new DataException(
          "Fashion-MNIST directory " + dir + " does not exist; " + INSTALL_HINT);
    }
    return new Splits(
        split(dir, "train", "fashion-mnist/train"), split(dir, "t10k", "fashion-mnist/test"));
  }

  private static Dataset split(Path dir, String prefix, String name) throws DataException {
    Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
    Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
    IdxReader.Images images = IdxReader.readImages(imagesFile);
    int[] labels = IdxReader.readLabels(labelsFile);
    if (images.rows() != SIDE || images.cols() != SIDE) {
      throw new DataException(
          imagesFile
              + " holds images of "
              + images.rows()
              + "x"
              + images.cols()
              + ", expected Fashion-MNIST's "
              + SIDE
              + "x"
              + SIDE);
    }
    if (labels.length != images.count()) {
      throw new DataException(
          labelsFile
              + " has "
              + labels.length
              + " labels but "
              + imagesFile.getFileName()
              + " has "
              + images.count()
              + " images");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= CLASSES) {
        throw new DataException(
            labelsFile
                + " has label "
                + labels[i]
                + " for item "
                + i
                + " (byte "
                + (8 + i)
                + "), outside 0.."
                + (CLASSES - 1));
      }
    }
    byte[] pixels = images.pixels();
    float[] values = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      values[i] = pixels[i] & 0xff;
    }
    return new Dataset(name, 1, SIDE, SIDE, CLASSES, values, labels);
  }

  /** Returns {@code dir/base.gz}, or {@code dir/base} if only the uncompressed file exists. */
  private static Path find(Path dir, String base) throws DataException {
    Path gz = dir.resolve(base + ".gz");
    if (Files.exists(gz)) {
      return gz;
    }
    Path plain = dir.resolve(base);
    if (Files.exists(plain)) {
      return plain;
    }
    throw new DataException(
        "Fashion-MNIST directory "
            + dir
            + " has no "
            + gz.getFileName()
            + " (nor "
            + plain.getFileName()
            + "); "
            + INSTALL_HINT);
  }
}
