package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reads the real files of Debian's {@code dataset-fashion-mnist} package, when installed. */
class FashionMnistRealTest {
  @Test
  void readsTheDebianPackage() throws DataException {
    assumeTrue(
        Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
        "dataset-fashion-mnist is not installed");
    Splits splits = DataSources.load("fashion-mnist");
    assertEquals(60_000, splits.train().size());
    assertEquals(10_000, splits.test().size());
    int[] trainHistogram = new int[10];
    for (int label : splits.train().labels()) {
      trainHistogram[label]++;
    }
    int[] testHistogram = new int[10];
    for (int label : splits.test().labels()) {
      testHistogram[label]++;
    }
    int[] sixThousand = new int[10];
    Arrays.fill(sixThousand, 6000);
    assertArrayEquals(sixThousand, trainHistogram);
    int[] thousand = new int[10];
    Arrays.fill(thousand, 1000);
    assertArrayEquals(thousand, testHistogram);
    Normalization norm = Normalization.of(splits.train());
    // Fashion-MNIST's published training statistics: mean 0.2860, std 0.3530 of 255.
    assertEquals(0.2860 * 255, norm.mean()[0], 0.05);
    assertEquals(0.3530 * 255, norm.std()[0], 0.05);
  }
}
