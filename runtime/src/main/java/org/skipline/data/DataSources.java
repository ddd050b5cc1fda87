package org.skipline.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns a {@code SOURCE} string of the command line into loaded train and test splits.
 *
 * <table>
 *   <caption>Sources</caption>
 *   <tr><th>SOURCE</th><th>data</th></tr>
 *   <tr><td>{@code fashion-mnist}</td><td>IDX files of Debian's {@code dataset-fashion-mnist}
 *       package in {@code /usr/share/datasets/fashion-mnist}; 1x28x28, 10 classes</td></tr>
 *   <tr><td>{@code fashion-mnist:DIR}</td><td>the same four files (gzip-compressed or not) in
 *       DIR</td></tr>
 *   <tr><td>{@code cifar10:DIR}</td><td>CIFAR-10 binary version: {@code data_batch_1.bin} to
 *       {@code data_batch_5.bin} and {@code test_batch.bin}; 3x32x32, 10 classes</td></tr>
 *   <tr><td>{@code cifar100:DIR}</td><td>CIFAR-100 binary version: {@code train.bin} and
 *       {@code test.bin}; 3x32x32, 100 fine classes</td></tr>
 *   <tr><td>{@code synthetic[:CxHxW:classes:train:test]}</td><td>generated learnable images,
 *       by default {@code 3x32x32:10:512:128}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Splits data = DataSources.load("cifar10:/data/cifar-10-batches-bin");
 * Normalization norm = Normalization.of(data.train());
 * }</pre>
 */
public final class DataSources {
  /** The shape and sizes of {@code synthetic} without parameters. */
  public static final String SYNTHETIC_DEFAULT = "3x32x32:10:512:128";

  private static final String SYNTAX =
      "expected fashion-mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR, synthetic or"
          + " synthetic:CxHxW:classes:trainCount:testCount";

  private DataSources() {}

  /**
   * Parses a SOURCE string and loads its train and test splits.
   *
   * @param source {@code fashion-mnist}, {@code fashion-mnist:DIR}, {@code cifar10:DIR}, {@code
   *     cifar100:DIR}, {@code synthetic} or {@code synthetic:CxHxW:classes:trainCount:testCount}
   * @return the two splits, images as raw pixel values
   * @throws DataException if the source is malformed, or a file is missing, truncated or corrupt
   */
  public static Splits load(String source) throws DataException {
    if (source == null || source.isEmpty()) {
      throw new DataException("no data source given; " + SYNTAX);
    }
    int colon = source.indexOf(':');
    String kind = colon < 0 ? source : source.substring(0, colon);
    String argument = colon < 0 ? null : source.substring(colon + 1);
    return switch (kind) {
      case "fashion-mnist" ->
          FashionMnist.load(
              argument == null ? FashionMnist.DEFAULT_DIRECTORY : directory(source, argument));
      case "cifar10" ->
          CifarReader.load(
              CifarReader.Kind.CIFAR10, directory(source, requireArgument(source, argument)));
      case "cifar100" ->
          CifarReader.load(
              CifarReader.Kind.CIFAR100, directory(source, requireArgument(source, argument)));
      case "synthetic" -> synthetic(source, argument == null ? SYNTHETIC_DEFAULT : argument);
      default -> throw new DataException("unknown data source '" + source + "'; " + SYNTAX);
    };
  }

  /**
   * The same source with its directory, if it names one, made absolute: as another process (a
   * Spark executor, whose working directory is its own) must read it.
   */
  public static String absolute(String source) {
    int colon = source.indexOf(':');
    if (colon < 0 || source.startsWith("synthetic") || source.length() == colon + 1) {
      return source;
    }
    return source.substring(0, colon + 1)
        + Path.of(source.substring(colon + 1)).toAbsolutePath().normalize();
  }

  private static String requireArgument(String source, String argument) throws DataException {
    if (argument == null) {
      throw new DataException(
          "data source '" + source + "' needs a directory, as in " + source + ":DIR");
    }
    return argument;
  }

  private static Path directory(String source, String argument) throws DataException {
    if (argument.isEmpty()) {
      throw new DataException("data source '" + source + "' has an empty directory");
    }
    try {
      return Path.of(argument);
    } catch (InvalidPathException e) {
      throw new DataException(
          "data source '" + source + "' names an invalid directory: " + e.getMessage(), e);
    }
  }

  private static Splits synthetic(String source, String spec) throws DataException {
    String[] parts = spec.split(":", -1);
    String[] shape = parts[0].split("x", -1);
    if (parts.length != 4 || shape.length != 3) {
      throw new DataException(
          "data source '"
              + source
              + "' is not synthetic:CxHxW:classes:trainCount:testCount, e.g. synthetic:"
              + SYNTHETIC_DEFAULT);
    }
    int channels = positive(source, "channel count", shape[0]);
    int height = positive(source, "height", shape[1]);
    int width = positive(source, "width", shape[2]);
    int classes = positive(source, "class count", parts[1]);
    int train = positive(source, "training image count", parts[2]);
    int test = positive(source, "test image count", parts[3]);
    long perImage = (long) channels * height * width;
    if (perImage * Math.max(train, test) > IdxReader.MAX_ARRAY_LENGTH) {
      throw new DataException(
          "data source '" + source + "' asks for more pixel values than one array can hold");
    }
    return SyntheticData.generate(channels, height, width, classes, train, test);
  }

  private static int positive(String source, String what, String text) throws DataException {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the same message as a non-positive value.
    }
    throw new DataException(
        "data source '"
            + source
            + "' has "
            + what
            + " '"
            + text
            + "', expected a positive integer");
  }
}
