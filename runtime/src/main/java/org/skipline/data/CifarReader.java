package org.skipline.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100.
 *
 * <p>A CIFAR-10 file is a sequence of 3073-byte records: one label byte, then 3072 pixel bytes
 * (1024 red, 1024 green, 1024 blue, each 32x32 row-major, which is exactly {@code [C, H, W]}). A
 * CIFAR-100 record has a coarse label byte and a fine label byte before the pixels; the fine label
 * (100 classes) is used. The training set is {@code data_batch_1.bin} to {@code data_batch_5.bin}
 * for CIFAR-10 and {@code train.bin} for CIFAR-100; the test set is {@code test_batch.bin} or
 * {@code test.bin}.
 */
final class CifarReader {
  static final int CHANNELS = 3;
  static final int SIDE = 32;
  static final int PIXELS = CHANNELS * SIDE * SIDE;

  /** The layout of one of the two data sets. */
  enum Kind {
    CIFAR10(
        "cifar10",
        "cifar-10-batches-bin",
        10,
        1,
        0,
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin"),
        "test_batch.bin",
        "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
    CIFAR100(
        "cifar100",
        "cifar-100-binary",
        100,
        2,
        1,
        List.of("train.bin"),
        "test.bin",
        "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz");

    final String name;
    final String archiveFolder;
    final int classes;
    final int labelBytes;
    final int labelIndex;
    final List<String> trainFiles;
    final String testFile;
    final String url;

    Kind(
        String name,
        String archiveFolder,
        int classes,
        int labelBytes,
        int labelIndex,
        List<String> trainFiles,
        String testFile,
        String url) {
      this.name = name;
      this.archiveFolder = archiveFolder;
      this.classes = classes;
      this.labelBytes = labelBytes;
      this.labelIndex = labelIndex;
      this.trainFiles = trainFiles;
      this.testFile = testFile;
      this.url = url;
    }

    int recordSize() {
      return labelBytes + PIXELS;
    }
  }

  private CifarReader() {}

  /**
   * Loads both splits from {@code dir}, or from the folder the official archive unpacks to inside
   * it ({@code cifar-10-batches-bin} or {@code cifar-100-binary}).
   */
  static Splits load(Kind kind, Path dir) throws DataException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new DataException(String.format("%s is a file, but %s:DIR names the folder that holds"
          + " the binary version's files (%s and the others)", dir, kind.name, kind.testFile));
    }
    if (!Files.isDirectory(dir)) {
      throw new DataException(
          kind.name
              + " directory "
              + dir
              + " does not exist; download and unpack the binary version from "
              + kind.url);
    }
    Path nested = dir.resolve(kind.archiveFolder);
    if (!Files.exists(dir.resolve(kind.testFile)) && Files.isDirectory(nested)) {
      dir = nested;
    }
    List<Path> trainPaths = kind.trainFiles.stream().map(dir::resolve).toList();
    Path testPath = dir.resolve(kind.testFile);
    return new Splits(
        decode(kind, kind.name + "/train", trainPaths),
        decode(kind, kind.name + "/test", List.of(testPath)));
  }

  /** Reads one file whole after checking that it holds a whole number of records. */
  private static byte[] readRecords(Kind kind, Path file) throws DataException {
    try {
      long size = Files.size(file);
      int recordSize = kind.recordSize();
      if (size == 0) {
        throw new DataException(file + " is empty, expected " + recordSize + "-byte records");
      }
      if (size % recordSize != 0) {
        throw new DataException(
            file
                + " is "
                + size
                + " bytes, not a whole number of "
                + recordSize
                + "-byte "
                + kind.name
                + " records: it ends "
                + size % recordSize
                + " bytes into record "
                + size / recordSize
                + " (counting from 0), so it is truncated or not a "
                + kind.name
                + " binary file");
      }
      if (size > IdxReader.MAX_ARRAY_LENGTH) {
        throw new DataException(
            file + " is " + size + " bytes, too large for one " + kind.name + " file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataException(
          file
              + " does not exist; download and unpack the binary version of "
              + kind.name
              + " from "
              + kind.url,
          e);
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the files of one split and converts their records, checking every label. */
  private static Dataset decode(Kind kind, String name, List<Path> paths) throws DataException {
    int recordSize = kind.recordSize();
    byte[][] files = new byte[paths.size()][];
    long records = 0;
    for (int f = 0; f < files.length; f++) {
      files[f] = readRecords(kind, paths.get(f));
      records += files[f].length / recordSize;
    }
    if (records * PIXELS > IdxReader.MAX_ARRAY_LENGTH) {
      throw new DataException(
          paths.getFirst().getParent()
              + " holds "
              + records
              + " "
              + name
              + " records, too many for one array of pixels");
    }
    int n = (int) records;
    float[] images = new float[n * PIXELS];
    int[] labels = new int[n];
    int image = 0;
    for (int f = 0; f < files.length; f++) {
      byte[] bytes = files[f];
      for (int r = 0; r < bytes.length / recordSize; r++, image++) {
        int base = r * recordSize;
        int label = Byte.toUnsignedInt(bytes[base + kind.labelIndex]);
        if (label >= kind.classes) {
          throw new DataException(
              paths.get(f)
                  + " has label "
                  + label
                  + " in record "
                  + r
                  + " (byte "
                  + (base + kind.labelIndex)
                  + "), outside 0.."
                  + (kind.classes - 1));
        }
        labels[image] = label;
        int out = image * PIXELS;
        for (int p = 0; p < PIXELS; p++) {
          images[out + p] = bytes[base + kind.labelBytes + p] & 0xff;
        }
      }
    }
    return new Dataset(name, CHANNELS, SIDE, SIDE, kind.classes, images, labels);
  }
}
