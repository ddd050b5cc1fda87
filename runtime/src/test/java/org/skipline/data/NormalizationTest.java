package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Statistics and the normalising map of {@link Normalization}. */
class NormalizationTest {
  @Test
  void normalisedTrainingSetHasMeanZeroAndStdOnePerChannel() throws DataException {
    Dataset train = DataSources.load("synthetic:3x9x7:5:200:10").train();
    Normalization norm = Normalization.of(train);
    float[] images = train.images().clone();
    int pixels = 9 * 7;
    norm.apply(images, 0, train.size(), 3, pixels);
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double sumSquares = 0;
      for (int i = 0; i < train.size(); i++) {
        for (int p = 0; p < pixels; p++) {
          double x = images[(i * 3 + c) * pixels + p];
          sum += x;
          sumSquares += x * x;
        }
      }
      double n = (double) train.size() * pixels;
      double mean = sum / n;
      assertEquals(0, mean, 1e-5, "mean of channel " + c);
      assertEquals(1, Math.sqrt(sumSquares / n - mean * mean), 1e-4, "std of channel " + c);
    }
  }

  @Test
  void statisticsOfAHandExample() {
    // Channel 0 holds 0, 2, 4, 6 (mean 3, population std sqrt(5)); channel 1 is constant 7.
    Dataset data =
        new Dataset("hand", 2, 1, 2, 1, new float[] {0, 2, 7, 7, 4, 6, 7, 7}, new int[] {0, 0});
    Normalization norm = Normalization.of(data);
    assertEquals(3f, norm.mean()[0]);
    assertEquals((float) Math.sqrt(5), norm.std()[0]);
    assertEquals(7f, norm.mean()[1]);
    assertEquals(1f, norm.std()[1], "a constant channel is only centred");
    float[] images = {0, 2, 7, 7};
    norm.apply(images, 0, 1, 2, 2);
    assertEquals(-3 / (float) Math.sqrt(5), images[0]);
    assertEquals(0f, images[3]);
  }

  @Test
  void invalidStatisticsAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new Normalization(new float[] {0}, new float[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(new float[] {0, 1}, new float[] {1}));
  }
}
