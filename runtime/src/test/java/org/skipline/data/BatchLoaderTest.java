package org.skipline.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Order, determinism, resumption and batch contents of {@link BatchLoader}. */
class BatchLoaderTest {
  /** {@code n} images of 2x3x4 whose every value is the image index; label = index mod 5. */
  private static Dataset indexed(int n) {
    int size = 2 * 3 * 4;
    float[] images = new float[n * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(images, i * size, (i + 1) * size, i);
      labels[i] = i % 5;
    }
    return new Dataset("indexed", 2, 3, 4, 5, images, labels);
  }

  /** One batch as delivered: images and labels. */
  private record Batch(float[] images, int[] labels) {}

  /** Collects every remaining batch of the current epoch. */
  private static List<Batch> drain(BatchLoader loader, Dataset data) {
    List<Batch> batches = new ArrayList<>();
    float[] images = new float[loader.batchSize() * data.imageSize()];
    int[] labels = new int[loader.batchSize()];
    while (loader.next(images, labels)) {
      batches.add(new Batch(images.clone(), labels.clone()));
    }
    return batches;
  }

  private static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
    assertEquals(expected.size(), actual.size(), "batch count");
    for (int b = 0; b < expected.size(); b++) {
      assertArrayEquals(expected.get(b).images(), actual.get(b).images(), "images of batch " + b);
      assertArrayEquals(expected.get(b).labels(), actual.get(b).labels(), "labels of batch " + b);
    }
  }

  @Test
  void sameSeedGivesIdenticalBatches() throws DataException {
    Dataset data = DataSources.load("synthetic:3x8x8:10:100:10").train();
    Normalization norm = Normalization.of(data);
    try (BatchLoader a = new BatchLoader(data, norm, 16, true, 42);
        BatchLoader b = new BatchLoader(data, norm, 16, true, 42);
        BatchLoader other = new BatchLoader(data, norm, 16, true, 43)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        a.startEpoch(epoch, 0);
        b.startEpoch(epoch, 0);
        other.startEpoch(epoch, 0);
        List<Batch> first = drain(a, data);
        assertEquals(6, first.size());
        assertSameBatches(first, drain(b, data));
        assertNotEquals(
            Arrays.toString(first.get(0).labels()),
            Arrays.toString(drain(other, data).get(0).labels()));
      }
    }
  }

  @Test
  void epochsDifferAndRepeatWhenRestarted() {
    Dataset data = indexed(40);
    try (BatchLoader loader = new BatchLoader(data, Normalization.identity(2), 8, false, 7)) {
      loader.startEpoch(0, 0);
      List<Batch> epoch0 = drain(loader, data);
      loader.startEpoch(1, 0);
      List<Batch> epoch1 = drain(loader, data);
      loader.startEpoch(0, 0);
      assertSameBatches(epoch0, drain(loader, data));
      assertFalse(
          Arrays.equals(epoch0.get(0).labels(), epoch1.get(0).labels())
              && Arrays.equals(epoch0.get(0).images(), epoch1.get(0).images()));
    }
  }

  @Test
  void everyImageAppearsExactlyOncePerEpoch() {
    Dataset data = indexed(48);
    try (BatchLoader loader = new BatchLoader(data, Normalization.identity(2), 6, false, 1)) {
      assertEquals(8, loader.stepsPerEpoch());
      for (int epoch = 0; epoch < 2; epoch++) {
        loader.startEpoch(epoch, 0);
        int[] seen = new int[48];
        for (Batch batch : drain(loader, data)) {
          for (int j = 0; j < 6; j++) {
            int index = (int) batch.images()[j * data.imageSize()];
            seen[index]++;
            assertEquals(index % 5, batch.labels()[j], "label travels with its image");
            for (int p = 0; p < data.imageSize(); p++) {
              assertEquals(index, batch.images()[j * data.imageSize() + p]);
            }
          }
        }
        int[] once = new int[48];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
      }
    }
  }

  @Test
  void trainingDropsTheLastIncompleteBatch() {
    Dataset data = indexed(50);
    try (BatchLoader loader = new BatchLoader(data, Normalization.identity(2), 8, false, 1)) {
      assertEquals(6, loader.stepsPerEpoch());
      loader.startEpoch(0, 0);
      List<Batch> batches = drain(loader, data);
      assertEquals(6, batches.size());
      boolean[] seen = new boolean[50];
      for (Batch batch : batches) {
        for (int j = 0; j < 8; j++) {
          int index = (int) batch.images()[j * data.imageSize()];
          assertFalse(seen[index], "image " + index + " twice");
          seen[index] = true;
        }
      }
    }
  }

  @Test
  void resumeAtStepGivesTheRemainingBatches() throws DataException {
    Dataset data = DataSources.load("synthetic:3x8x8:10:100:10").train();
    Normalization norm = Normalization.of(data);
    try (BatchLoader full = new BatchLoader(data, norm, 16, true, 9);
        BatchLoader resumed = new BatchLoader(data, norm, 16, true, 9)) {
      full.startEpoch(4, 0);
      List<Batch> all = drain(full, data);
      for (int k = 0; k <= all.size(); k++) {
        resumed.startEpoch(4, k);
        assertSameBatches(all.subList(k, all.size()), drain(resumed, data));
      }
    }
  }

  @Test
  void restartingMidEpochDiscardsThePreparedBatch() {
    Dataset data = indexed(40);
    try (BatchLoader loader = new BatchLoader(data, Normalization.identity(2), 8, true, 3);
        BatchLoader reference = new BatchLoader(data, Normalization.identity(2), 8, true, 3)) {
      loader.startEpoch(2, 0);
      float[] images = new float[8 * data.imageSize()];
      int[] labels = new int[8];
      assertTrue(loader.next(images, labels));
      loader.startEpoch(5, 1);
      reference.startEpoch(5, 1);
      assertSameBatches(drain(reference, data), drain(loader, data));
    }
  }

  @Test
  void augmentedBatchesKeepShapeAndNormalisedRange() throws DataException {
    Dataset data = DataSources.load("synthetic:3x10x12:4:64:8").train();
    Normalization norm = Normalization.of(data);
    try (BatchLoader loader = new BatchLoader(data, norm, 32, true, 5)) {
      loader.startEpoch(0, 0);
      float[] images = new float[32 * data.imageSize()];
      int[] labels = new int[32];
      assertTrue(loader.next(images, labels));
      int zeros = 0;
      for (float v : images) {
        assertTrue(Float.isFinite(v) && Math.abs(v) < 10, "normalised value " + v);
        zeros += v == 0f ? 1 : 0;
      }
      // Crops that shift the image bring in rows or columns of zero padding.
      assertTrue(zeros > 0, "no padding seen");
    }
  }

  @Test
  void evaluationKeepsOrderAndTheLastPartialBatch() {
    Dataset data = indexed(10);
    Normalization norm = new Normalization(new float[] {1, 2}, new float[] {2, 4});
    try (BatchLoader loader = BatchLoader.evaluation(data, norm, 4)) {
      assertEquals(3, loader.stepsPerEpoch());
      loader.startEpoch(0, 0);
      float[] images = new float[4 * data.imageSize()];
      int[] labels = new int[4];
      int image = 0;
      int[] counts = new int[3];
      for (int b = 0; b < 3; b++) {
        counts[b] = loader.fill(images, labels);
        for (int j = 0; j < counts[b]; j++, image++) {
          assertEquals(image % 5, labels[j]);
          assertEquals((image - 1) / 2f, images[j * data.imageSize()], "channel 0");
          assertEquals((image - 2) / 4f, images[j * data.imageSize() + 12], "channel 1");
        }
      }
      assertArrayEquals(new int[] {4, 4, 2}, counts);
      assertEquals(0, loader.fill(images, labels));
      assertFalse(loader.next(images, labels));
    }
  }

  @Test
  void misuseIsReported() {
    Dataset data = indexed(10);
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchLoader(data, Normalization.identity(2), 11, false, 0).close());
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchLoader(data, Normalization.identity(3), 2, false, 0).close());
    BatchLoader loader = new BatchLoader(data, Normalization.identity(2), 2, false, 0);
    float[] images = new float[2 * data.imageSize()];
    int[] labels = new int[2];
    assertThrows(IllegalStateException.class, () -> loader.next(images, labels));
    assertThrows(IllegalArgumentException.class, () -> loader.startEpoch(0, 6));
    loader.startEpoch(0, 5);
    assertFalse(loader.next(images, labels));
    assertThrows(IllegalArgumentException.class, () -> loader.next(new float[3], labels));
    loader.close();
    assertThrows(IllegalStateException.class, () -> loader.startEpoch(0, 0));
  }

  @Test
  void erasingIsAFunctionOfSeedEpochAndStepAndLeavesTheCropsAlone() throws DataException {
    Dataset data = DataSources.load("synthetic:3x8x8:10:100:10").train();
    Normalization norm = Normalization.of(data);
    RandomErasing always = new RandomErasing(1, 0.1, 0.3, 0.5, 2);
    try (BatchLoader erased = new BatchLoader(data, norm, 16, true, always, 42);
        BatchLoader again = new BatchLoader(data, norm, 16, true, always, 42);
        BatchLoader plain = new BatchLoader(data, norm, 16, true, 42)) {
      erased.startEpoch(1, 0);
      plain.startEpoch(1, 0);
      List<Batch> all = drain(erased, data);
      List<Batch> crops = drain(plain, data);
      // Resuming at step 2 gives the uninterrupted epoch's batches from there on.
      again.startEpoch(1, 2);
      assertSameBatches(all.subList(2, all.size()), drain(again, data));
      int zeroed = 0;
      for (int b = 0; b < all.size(); b++) {
        float[] x = all.get(b).images();
        float[] y = crops.get(b).images();
        assertArrayEquals(crops.get(b).labels(), all.get(b).labels());
        for (int i = 0; i < x.length; i++) {
          assertTrue(x[i] == y[i] || x[i] == 0f, "batch " + b + " value " + i);
          zeroed += x[i] != y[i] ? 1 : 0;
        }
      }
      assertTrue(zeroed > all.size() * 16 * 3 * 3, zeroed + " values erased");
    }
  }
}
