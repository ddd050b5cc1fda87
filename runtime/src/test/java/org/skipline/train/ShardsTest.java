package org.skipline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.data.BatchLoader;
import org.skipline.data.DataSources;
import org.skipline.data.Normalization;
import org.skipline.data.RandomErasing;
import org.skipline.data.Splits;
import org.skipline.io.Safetensors;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;

/**
 * Data-parallel steps computed shard by shard: one shard is the whole batch on one thread, to the
 * bit; two shards are the weighted sum of two separately computed shards; a sharded run resumes
 * to the same bits and refuses to resume with another split.
 */
class ShardsTest {

  private static final Plan PLAN = Planner.plan(new Spec("Tiny", 8, true, UnitType.AUTO, 1, 8, 8,
      4, 4, DownsampleStride.FIRST_1X1));
  private static final int BATCH = 16;

  @TempDir Path dir;

  private static Splits data() throws IOException {
    return DataSources.load("synthetic:1x8x8:4:128:64");
  }

  private static Recipe recipe(int epochs, int checkpointSteps) {
    return new Recipe(epochs, BATCH, 0.1f, 0.9f, true, 1e-4f, List.of(0.5, 0.75), 0.1f, 2, 0.01f,
        true, 5, 0, checkpointSteps, 3);
  }

  private static Network network() {
    Network net = new Interpreter(PLAN, BATCH);
    net.useThreads(1);
    return net;
  }

  private static float[] parameters(Network net) {
    float[] values = new float[net.parameterFloats()];
    net.copyParameters(values);
    return values;
  }

  private static final class Recorder implements Trainer.Listener {
    Trainer trainer;
    long stopAt = -1;
    final List<Trainer.EpochResult> epochs = new ArrayList<>();

    @Override
    public void step(Trainer.Progress p) {
      if (p.globalStep() == stopAt) {
        trainer.requestStop();
      }
    }

    @Override
    public void epoch(Trainer.EpochResult result) {
      epochs.add(result);
    }
  }

  private Recorder train(Network net, Path out, Recipe recipe, StepEngine.Factory engines,
      long stopAt, boolean resume) throws IOException {
    Splits splits = data();
    Recorder recorder = new Recorder();
    recorder.stopAt = stopAt;
    Trainer trainer = new Trainer(net, "test.Tiny", splits.train(), splits.test(), recipe, out,
        recorder, engines);
    recorder.trainer = trainer;
    trainer.run(resume);
    return recorder;
  }

  @Test
  void oneShardIsTheWholeBatchOnOneThread() throws IOException {
    Network whole = network();
    Recorder a = train(whole, dir.resolve("whole"), recipe(2, 0), WholeBatch.FACTORY, -1, false);
    Network sharded = network();
    Recorder b = train(sharded, dir.resolve("one"), recipe(2, 0), Shards.factory(1, 1), -1, false);
    assertArrayEquals(parameters(whole), parameters(sharded));
    assertEquals(whole.batchesTracked(), sharded.batchesTracked());
    assertEquals(a.epochs.getLast().trainLoss(), b.epochs.getLast().trainLoss());
    assertEquals(a.epochs.getLast().testAccuracy(), b.epochs.getLast().testAccuracy());
  }

  @Test
  void twoShardsAreTheWeightedSumOfTwoSeparatePasses() throws IOException {
    Splits splits = data();
    Normalization norm = Normalization.of(splits.train());
    Recipe recipe = recipe(1, 0);
    Network net = network();
    net.initialize(recipe.seed());

    // The definition, step by step: shard w's images come from part w in its own order.
    float[][] gradients = new float[2][];
    float[][] running = new float[2][];
    double lossSum = 0;
    for (int w = 0; w < 2; w++) {
      Network shard = network();
      shard.initialize(recipe.seed());
      try (BatchLoader loader = new BatchLoader(splits.train().part(w, 2), norm, BATCH / 2, true,
          recipe.erasing(), recipe.seed() + w)) {
        float[] images = new float[BATCH / 2 * 64];
        int[] labels = new int[BATCH / 2];
        loader.startEpoch(0, 0);
        assertTrue(loader.next(images, labels));
        shard.forward(images, BATCH / 2, true);
        lossSum += shard.loss(labels) * (BATCH / 2);
        shard.zeroGradients();
        shard.backward();
      }
      gradients[w] = new float[net.parameterFloats()];
      running[w] = new float[net.runningFloats()];
      shard.copyGradients(gradients[w]);
      shard.copyRunningStatistics(running[w]);
    }

    StepEngine.StepResult step;
    try (StepEngine engine = Shards.factory(2, 1).create(net, splits.train(), norm, recipe)) {
      engine.startEpoch(0, 0);
      step = engine.next(net);
    }
    float[] gradient = new float[net.parameterFloats()];
    net.copyGradients(gradient);
    float[] stats = new float[net.runningFloats()];
    net.copyRunningStatistics(stats);
    for (int i = 0; i < gradient.length; i++) {
      assertEquals(0f + 0.5f * gradients[0][i] + 0.5f * gradients[1][i], gradient[i], 0f);
    }
    for (int i = 0; i < stats.length; i++) {
      assertEquals(0f + 0.5f * running[0][i] + 0.5f * running[1][i], stats[i], 0f);
    }
    assertEquals(lossSum / BATCH, step.loss(), 1e-12);
    assertEquals(1, net.batchesTracked());
    // Each shard normalised its own half: not the gradient of the whole batch.
    assertFalse(Arrays.equals(gradients[0], gradient));
  }

  @Test
  void shardedRunResumesToTheSameBitsAndDiffersFromTheWholeBatch() throws IOException {
    Recipe recipe = recipe(2, 3);
    Network straight = network();
    train(straight, dir.resolve("a"), recipe, Shards.factory(2, 1), -1, false);

    train(network(), dir.resolve("b"), recipe, Shards.factory(2, 1), 11, false);
    Network resumed = network();
    train(resumed, dir.resolve("b"), recipe, Shards.factory(2, 1), -1, true);
    assertArrayEquals(parameters(straight), parameters(resumed));

    Network whole = network();
    train(whole, dir.resolve("c"), recipe, WholeBatch.FACTORY, -1, false);
    assertFalse(Arrays.equals(parameters(straight), parameters(whole)));
  }

  @Test
  void localStepsOfOneShardAreTheWholeBatchsSteps() throws IOException {
    Network whole = network();
    Recorder a = train(whole, dir.resolve("whole"), recipe(2, 0), WholeBatch.FACTORY, -1, false);
    Network rounds = network();
    Recorder b = train(rounds, dir.resolve("rounds"), recipe(2, 0), Shards.factory(1, 3), -1,
        false);
    assertArrayEquals(parameters(whole), parameters(rounds));
    assertEquals(whole.batchesTracked(), rounds.batchesTracked());
    assertEquals(a.epochs, b.epochs.stream().map(e -> new Trainer.EpochResult(e.epoch(),
        e.learningRate(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(),
        a.epochs.get(e.epoch() - 1).imagesPerSecond(), a.epochs.get(e.epoch() - 1).seconds()))
        .toList());
  }

  @Test
  void roundsOfLocalStepsResumeToTheSameBitsAndDifferFromEveryStep() throws IOException {
    Recipe recipe = recipe(2, 2);
    Network straight = network();
    train(straight, dir.resolve("a"), recipe, Shards.factory(2, 3), -1, false);

    // Stops and checkpoints wait for the end of a round.
    train(network(), dir.resolve("b"), recipe, Shards.factory(2, 3), 10, false);
    Network resumed = network();
    train(resumed, dir.resolve("b"), recipe, Shards.factory(2, 3), -1, true);
    assertArrayEquals(parameters(straight), parameters(resumed));

    Network everyStep = network();
    train(everyStep, dir.resolve("c"), recipe, Shards.factory(2, 1), -1, false);
    assertFalse(Arrays.equals(parameters(straight), parameters(everyStep)));
    IOException e = assertThrows(IOException.class, () ->
        train(network(), dir.resolve("b"), recipe, Shards.factory(2, 1), -1, true));
    assertTrue(e.getMessage().contains("sync_every 3"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void everySwitchOnShardsResumesToTheSameBits(int syncEvery) throws IOException {
    // Cosine after warm-up, label smoothing, random erasing, a moving average and mirroring.
    Recipe recipe = new Recipe(2, BATCH, 0.1f, 0.9f, true, 5e-4f, List.of(0.5, 0.75), 0.1f, 2,
        0.01f, true, 5, 0, 2, 3, Recipe.Schedule.COSINE, Recipe.Warmup.LINEAR, 0.1f,
        RandomErasing.ZHONG, 0.99f, true);
    Network straight = network();
    train(straight, dir.resolve("a"), recipe, Shards.factory(2, syncEvery), -1, false);
    train(network(), dir.resolve("b"), recipe, Shards.factory(2, syncEvery), 7, false);
    Network resumed = network();
    train(resumed, dir.resolve("b"), recipe, Shards.factory(2, syncEvery), -1, true);
    // Weights, momentum, running statistics and the moving average, all of them.
    assertEquals(straight.writeTrainingState(new Safetensors.Writer()).digest(),
        resumed.writeTrainingState(new Safetensors.Writer()).digest());
  }

  @Test
  void resumingWithAnotherSplitIsRefused() throws IOException {
    Recipe recipe = recipe(2, 3);
    train(network(), dir.resolve("run"), recipe, Shards.factory(2, 1), 5, false);
    IOException e = assertThrows(IOException.class, () ->
        train(network(), dir.resolve("run"), recipe, WholeBatch.FACTORY, -1, true));
    assertTrue(e.getMessage().contains("shards 2") && e.getMessage().contains("shards none"),
        e.getMessage());
  }

  @Test
  void shardsTooSmallForBatchNormAreRefusedInOneSentence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Shards.check(3, 2, 1000));
    assertEquals("a batch of 3 images cannot be split into 2 shards of at least 2 images each"
        + " (batch norm needs more than one image)", e.getMessage());
    assertEquals(List.of(42, 43, 43), List.of(Shards.shardBatch(128, 3, 0),
        Shards.shardBatch(128, 3, 1), Shards.shardBatch(128, 3, 2)));
  }
}
