package org.skipline.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builds tiny IDX and CIFAR files byte by byte, so that tests control every byte a reader sees. */
final class DataFiles {
  private DataFiles() {}

  /** An IDX images file: magic, count, rows, cols (big-endian), then the pixel bytes. */
  static byte[] idxImages(int magic, int count, int rows, int cols, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length)
        .putInt(magic)
        .putInt(count)
        .putInt(rows)
        .putInt(cols)
        .put(pixels)
        .array();
  }

  /** An IDX labels file: magic, count (big-endian), then one byte per label. */
  static byte[] idxLabels(int magic, int count, int... labels) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(count);
    for (int label : labels) {
      buffer.put((byte) label);
    }
    return buffer.array();
  }

  /**
   * {@code count} 28x28 images whose pixel {@code p} of image {@code i} is {@code (i + p) % 256}.
   */
  static byte[] fashionPixels(int count) {
    byte[] pixels = new byte[count * 28 * 28];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 28 * 28; p++) {
        pixels[i * 28 * 28 + p] = (byte) (i + p);
      }
    }
    return pixels;
  }

  /** Returns the gzip compression of {@code bytes}. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes a valid small Fashion-MNIST directory: 3 training and 2 test images with labels 0, 9, 4
   * and 7, 1, gzip-compressed or not.
   */
  static Path fashionDirectory(Path dir, boolean compressed) throws IOException {
    write(
        dir, "train-images-idx3-ubyte", compressed, idxImages(0x803, 3, 28, 28, fashionPixels(3)));
    write(dir, "train-labels-idx1-ubyte", compressed, idxLabels(0x801, 3, 0, 9, 4));
    write(dir, "t10k-images-idx3-ubyte", compressed, idxImages(0x803, 2, 28, 28, fashionPixels(2)));
    write(dir, "t10k-labels-idx1-ubyte", compressed, idxLabels(0x801, 2, 7, 1));
    return dir;
  }

  /** Writes {@code bytes} to {@code dir/base}, or gzip-compressed to {@code dir/base.gz}. */
  static Path write(Path dir, String base, boolean compressed, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    return Files.write(
        dir.resolve(compressed ? base + ".gz" : base), compressed ? gzip(bytes) : bytes);
  }

  /**
   * CIFAR records: each label group (1 byte for CIFAR-10, coarse and fine for CIFAR-100) followed
   * by 3072 pixel bytes, pixel {@code p} of record {@code r} being {@code (r * 7 + p) % 256}.
   */
  static byte[] cifarRecords(int[][] labelGroups) {
    int labelBytes = labelGroups[0].length;
    int recordSize = labelBytes + 3072;
    byte[] bytes = new byte[labelGroups.length * recordSize];
    for (int r = 0; r < labelGroups.length; r++) {
      for (int b = 0; b < labelBytes; b++) {
        bytes[r * recordSize + b] = (byte) labelGroups[r][b];
      }
      for (int p = 0; p < 3072; p++) {
        bytes[r * recordSize + labelBytes + p] = (byte) (r * 7 + p);
      }
    }
    return bytes;
  }

  /** Writes a CIFAR-10 directory whose five training files hold 2 records each, test 3. */
  static Path cifar10Directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int f = 1; f <= 5; f++) {
      Files.write(
          dir.resolve("data_batch_" + f + ".bin"), cifarRecords(new int[][] {{f}, {(f + 4) % 10}}));
    }
    Files.write(dir.resolve("test_batch.bin"), cifarRecords(new int[][] {{3}, {0}, {9}}));
    return dir;
  }

  /** Writes a CIFAR-100 directory: train 3 records (fine labels 99, 0, 42), test 1 (fine 5). */
  static Path cifar100Directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("train.bin"), cifarRecords(new int[][] {{19, 99}, {4, 0}, {7, 42}}));
    Files.write(dir.resolve("test.bin"), cifarRecords(new int[][] {{1, 5}}));
    return dir;
  }

  /** Returns the first {@code n} bytes of the file, truncating it in place. */
  static void truncate(Path file, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, n));
  }
}
