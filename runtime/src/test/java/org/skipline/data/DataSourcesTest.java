package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading every source from tiny files, and one test per way a file can be broken: each must fail
 * with a {@link DataException} whose one-line message names the file and the problem.
 */
class DataSourcesTest {
  @TempDir Path dir;

  /** Loads {@code source}, expecting rejection with a message containing every fragment. */
  private static DataException assertRejected(String source, String... fragments) {
    DataException e = assertThrows(DataException.class, () -> DataSources.load(source));
    String message = e.getMessage();
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), "expected \"" + fragment + "\" in: " + message);
    }
    assertEquals(-1, message.indexOf('\n'), "one line: " + message);
    return e;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readsFashionMnistCompressedOrNot(boolean compressed) throws IOException {
    DataFiles.fashionDirectory(dir, compressed);
    Splits splits = DataSources.load("fashion-mnist:" + dir);
    Dataset train = splits.train();
    assertEquals(3, train.size());
    assertEquals(1, train.channels());
    assertEquals(28, train.height());
    assertEquals(28, train.width());
    assertEquals(10, train.classes());
    assertArrayEquals(new int[] {0, 9, 4}, train.labels());
    assertArrayEquals(new int[] {7, 1}, splits.test().labels());
    // Pixel p of image i is (i + p) % 256, stored as an unsigned value.
    assertEquals(2f, train.images()[784 + 1]);
    assertEquals(255f, train.images()[2 * 784 + 253]);
    assertEquals(0f, train.images()[2 * 784 + 254]);
  }

  @Test
  void aSourceForAnotherProcessNamesItsDirectoryAbsolutely() {
    String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
    assertEquals("cifar10:" + cwd + "/data/c10", DataSources.absolute("cifar10:data/c10"));
    assertEquals("fashion-mnist:/srv/f", DataSources.absolute("fashion-mnist:/srv/f"));
    assertEquals("fashion-mnist", DataSources.absolute("fashion-mnist"));
    assertEquals("synthetic:1x8x8:4:256:64", DataSources.absolute("synthetic:1x8x8:4:256:64"));
  }

  @Test
  void missingFashionMnistDirectoryTellsHowToInstall() {
    Path missing = dir.resolve("nowhere");
    assertRejected(
        "fashion-mnist:" + missing, missing.toString(), "apt-get install dataset-fashion-mnist");
  }

  @Test
  void missingFashionMnistFileIsNamed() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    assertRejected("fashion-mnist:" + dir, "t10k-labels-idx1-ubyte.gz", "dataset-fashion-mnist");
  }

  @Test
  void truncatedGzipNamesFileAndWhereItEnded() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    Path file = dir.resolve("train-images-idx3-ubyte.gz");
    DataFiles.truncate(file, (int) Files.size(file) / 2);
    assertRejected(
        "fashion-mnist:" + dir,
        file.toString(),
        "truncated or corrupt gzip",
        "decompression fails after");
  }

  @Test
  void truncatedPlainFileIsCaughtByItsSize() throws IOException {
    DataFiles.fashionDirectory(dir, false);
    Path file = dir.resolve("train-images-idx3-ubyte");
    DataFiles.truncate(file, 16 + 784 + 100);
    // The header is checked against the file size before anything is read.
    assertRejected("fashion-mnist:" + dir, file.toString(), "claims 3 images of 28x28");
  }

  @Test
  void truncatedGzipWithPlausibleHeaderNamesTheImage() throws IOException {
    // A gzip file whose content stops in image 1 of 3: the header's claim is plausible.
    byte[] whole = DataFiles.idxImages(0x803, 3, 28, 28, DataFiles.fashionPixels(3));
    byte[] cut = Arrays.copyOf(whole, 16 + 784 + 100);
    DataFiles.fashionDirectory(dir, true);
    Path file = DataFiles.write(dir, "train-images-idx3-ubyte", true, cut);
    assertRejected(
        "fashion-mnist:" + dir,
        file.toString(),
        "decompressed data ends after 900 bytes",
        "image 1 of 3");
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, false);
    Path file = dir.resolve("t10k-labels-idx1-ubyte");
    DataFiles.truncate(file, 6);
    assertRejected(
        "fashion-mnist:" + dir, file.toString(), "ends after 6 bytes", "in the label count");
  }

  @Test
  void emptyFileIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    Path file = DataFiles.write(dir, "t10k-images-idx3-ubyte", true, new byte[0]);
    Files.write(file, new byte[0]);
    assertRejected("fashion-mnist:" + dir, file + " is empty");
  }

  @Test
  void corruptGzipHeaderIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    Path file = dir.resolve("train-labels-idx1-ubyte.gz");
    Files.write(file, new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 0, 0});
    assertRejected("fashion-mnist:" + dir, file.toString(), "corrupt gzip");
  }

  @Test
  void wrongImagesMagicIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    DataFiles.write(
        dir,
        "train-images-idx3-ubyte",
        true,
        DataFiles.idxImages(0x801, 3, 28, 28, DataFiles.fashionPixels(3)));
    assertRejected(
        "fashion-mnist:" + dir, "train-images-idx3-ubyte.gz", "0x00000801", "expected 0x00000803");
  }

  @Test
  void wrongLabelsMagicIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, false);
    DataFiles.write(dir, "t10k-labels-idx1-ubyte", false, DataFiles.idxLabels(0x803, 2, 7, 1));
    assertRejected("fashion-mnist:" + dir, "t10k-labels-idx1-ubyte", "expected 0x00000801");
  }

  @Test
  void labelOutOfRangeIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    DataFiles.write(dir, "train-labels-idx1-ubyte", true, DataFiles.idxLabels(0x801, 3, 0, 10, 4));
    assertRejected(
        "fashion-mnist:" + dir, "train-labels-idx1-ubyte.gz", "label 10 for item 1", "0..9");
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    DataFiles.write(dir, "train-labels-idx1-ubyte", true, DataFiles.idxLabels(0x801, 2, 0, 9));
    assertRejected("fashion-mnist:" + dir, "train-labels-idx1-ubyte.gz", "2 labels", "3 images");
  }

  @Test
  void wrongImageSizeIsReported() throws IOException {
    DataFiles.fashionDirectory(dir, false);
    DataFiles.write(
        dir,
        "t10k-images-idx3-ubyte",
        false,
        DataFiles.idxImages(0x803, 2, 32, 32, new byte[2 * 32 * 32]));
    assertRejected("fashion-mnist:" + dir, "t10k-images-idx3-ubyte", "32x32", "28x28");
  }

  @Test
  void extraBytesAfterTheDataAreReported() throws IOException {
    DataFiles.fashionDirectory(dir, false);
    DataFiles.write(dir, "t10k-labels-idx1-ubyte", false, DataFiles.idxLabels(0x801, 2, 7, 1, 3));
    assertRejected("fashion-mnist:" + dir, "t10k-labels-idx1-ubyte", "more data than its header");
  }

  @Test
  void hugeClaimInGzipHeaderIsRejectedBeforeAllocating() throws IOException {
    DataFiles.fashionDirectory(dir, true);
    DataFiles.write(
        dir,
        "train-images-idx3-ubyte",
        true,
        DataFiles.idxImages(0x803, 2_000_000, 28, 28, new byte[10]));
    assertRejected("fashion-mnist:" + dir, "train-images-idx3-ubyte.gz", "claims 2000000 images");
  }

  @Test
  void readsCifar10() throws IOException {
    DataFiles.cifar10Directory(dir);
    Splits splits = DataSources.load("cifar10:" + dir);
    Dataset train = splits.train();
    assertEquals(10, train.size());
    assertEquals(3, train.channels());
    assertEquals(32, train.height());
    assertEquals(32, train.width());
    assertEquals(10, train.classes());
    assertArrayEquals(new int[] {1, 5, 2, 6, 3, 7, 4, 8, 5, 9}, train.labels());
    assertArrayEquals(new int[] {3, 0, 9}, splits.test().labels());
    // Record 1 of a file: pixel p is (7 + p) % 256; channel 1 starts at pixel 1024.
    assertEquals((7 + 1024 + 5) % 256, train.images()[3072 + 1024 + 5]);
  }

  @Test
  void readsCifar10FromTheArchiveFolder() throws IOException {
    DataFiles.cifar10Directory(dir.resolve("cifar-10-batches-bin"));
    assertEquals(10, DataSources.load("cifar10:" + dir).train().size());
  }

  @Test
  void readsCifar100FineLabels() throws IOException {
    DataFiles.cifar100Directory(dir);
    Splits splits = DataSources.load("cifar100:" + dir);
    assertEquals(100, splits.train().classes());
    assertArrayEquals(new int[] {99, 0, 42}, splits.train().labels());
    assertArrayEquals(new int[] {5}, splits.test().labels());
    assertEquals((14 + 3) % 256, splits.train().images()[2 * 3072 + 3]);
  }

  @Test
  void cifarSizeNotAMultipleOfTheRecordIsReported() throws IOException {
    DataFiles.cifar10Directory(dir);
    Path file = dir.resolve("data_batch_3.bin");
    DataFiles.truncate(file, 3073 + 100);
    assertRejected(
        "cifar10:" + dir, file.toString(), "3173 bytes", "3073-byte", "100 bytes into record 1");
  }

  @Test
  void cifar100SizeUsesItsRecordSize() throws IOException {
    DataFiles.cifar100Directory(dir);
    Path file = dir.resolve("test.bin");
    DataFiles.truncate(file, 3073);
    assertRejected("cifar100:" + dir, file.toString(), "3073 bytes", "3074-byte");
  }

  @Test
  void cifarLabelOutOfRangeIsReported() throws IOException {
    DataFiles.cifar10Directory(dir);
    Files.write(dir.resolve("test_batch.bin"), DataFiles.cifarRecords(new int[][] {{3}, {10}}));
    assertRejected("cifar10:" + dir, "test_batch.bin", "label 10 in record 1", "0..9");
  }

  @Test
  void cifar100FineLabelOutOfRangeIsReported() throws IOException {
    DataFiles.cifar100Directory(dir);
    Files.write(dir.resolve("train.bin"), DataFiles.cifarRecords(new int[][] {{1, 100}}));
    assertRejected("cifar100:" + dir, "train.bin", "label 100 in record 0", "0..99");
  }

  @Test
  void missingCifarFileIsNamed() throws IOException {
    DataFiles.cifar10Directory(dir);
    Files.delete(dir.resolve("data_batch_4.bin"));
    assertRejected("cifar10:" + dir, "data_batch_4.bin", "does not exist", "cifar-10-binary");
  }

  @Test
  void emptyCifarFileIsReported() throws IOException {
    DataFiles.cifar100Directory(dir);
    Files.write(dir.resolve("test.bin"), new byte[0]);
    assertRejected("cifar100:" + dir, "test.bin", "is empty");
  }

  @Test
  void syntheticDefaultShape() throws DataException {
    Splits splits = DataSources.load("synthetic");
    assertEquals(512, splits.train().size());
    assertEquals(128, splits.test().size());
    assertEquals(3, splits.train().channels());
    assertEquals(32, splits.train().height());
    assertEquals(10, splits.train().classes());
  }

  @Test
  void syntheticIsDeterministicAndShaped() throws DataException {
    Splits a = DataSources.load("synthetic:1x12x10:4:40:8");
    Splits b = DataSources.load("synthetic:1x12x10:4:40:8");
    assertEquals(120, a.train().imageSize());
    assertEquals(40, a.train().size());
    assertEquals(8, a.test().size());
    assertArrayEquals(a.train().images(), b.train().images());
    assertArrayEquals(a.test().labels(), b.test().labels());
    for (float v : a.train().images()) {
      assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "pixel " + v);
    }
  }

  /**
   * A nearest-class-mean classifier must do far better than chance, so the labels are learnable.
   */
  @Test
  void syntheticLabelsAreLearnable() throws DataException {
    Splits splits = DataSources.load("synthetic:3x16x16:10:500:200");
    Dataset train = splits.train();
    int size = train.imageSize();
    double[][] means = new double[10][size];
    int[] counts = new int[10];
    for (int i = 0; i < train.size(); i++) {
      counts[train.labels()[i]]++;
      for (int p = 0; p < size; p++) {
        means[train.labels()[i]][p] += train.images()[i * size + p];
      }
    }
    Dataset test = splits.test();
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int k = 0; k < 10; k++) {
        double d = 0;
        for (int p = 0; p < size; p++) {
          double diff = test.images()[i * size + p] - means[k][p] / counts[k];
          d += diff * diff;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      correct += best == test.labels()[i] ? 1 : 0;
    }
    assertTrue(correct > 0.5 * test.size(), correct + " of " + test.size() + " correct");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "mnist",
        "cifar10",
        "cifar100:",
        "synthetic:3x32:10:1:1",
        "synthetic:3x32x32:0:1:1",
        "synthetic:3x32x32:10:x:1",
        "synthetic:3x32x32:10:5"
      })
  void malformedSourcesAreRejected(String source) {
    assertRejected(source, "source");
  }
}
