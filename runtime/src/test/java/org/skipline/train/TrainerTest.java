package org.skipline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.data.DataSources;
import org.skipline.data.RandomErasing;
import org.skipline.data.Splits;
import org.skipline.io.Safetensors;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;

/**
 * Training on a small network and synthetic data: the loss falls, an interrupted run resumes to
 * bit-identical weights, a corrupt checkpoint is skipped, and a diverging run stops cleanly.
 */
class TrainerTest {

  private static final Plan PLAN = Planner.plan(new Spec("Tiny", 8, true, UnitType.AUTO, 1, 8, 8,
      4, 4, DownsampleStride.FIRST_1X1));
  private static final int BATCH = 16;

  @TempDir Path dir;

  private static Splits data() throws IOException {
    return DataSources.load("synthetic:1x8x8:4:128:64");
  }

  private static Recipe recipe(int epochs, float learningRate, int checkpointSteps) {
    return new Recipe(epochs, BATCH, learningRate, 0.9f, true, 1e-4f, List.of(0.5, 0.75), 0.1f,
        2, 0.01f, true, 5, 0, checkpointSteps, 3);
  }

  /** Stops the run after a number of steps, as Ctrl-C or a crash would. */
  private static final class StopAfter implements Trainer.Listener {
    Trainer trainer;
    final long steps;
    final List<Trainer.EpochResult> epochs = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    Trainer.History history;

    StopAfter(long steps) {
      this.steps = steps;
    }

    @Override
    public void step(Trainer.Progress p) {
      if (p.globalStep() == steps) {
        trainer.requestStop();
      }
    }

    @Override
    public void epoch(Trainer.EpochResult result, Trainer.History history) {
      epochs.add(result);
      this.history = history;
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }
  }

  private Trainer.Outcome train(Network net, Path out, Recipe recipe, StopAfter listener,
      boolean resume) throws IOException {
    Splits splits = data();
    Trainer trainer = new Trainer(net, "test.Tiny", splits.train(), splits.test(), recipe, out,
        listener);
    listener.trainer = trainer;
    return trainer.run(resume);
  }

  private static float[] weights(Network net) {
    float[] all = new float[0];
    for (var p : net.plan().parameters()) {
      float[] values = net.parameter(p);
      float[] joined = java.util.Arrays.copyOf(all, all.length + values.length);
      System.arraycopy(values, 0, joined, all.length, values.length);
      all = joined;
    }
    return all;
  }

  @Test
  void lossFallsAndTestAccuracyRises() throws IOException {
    StopAfter listener = new StopAfter(-1);
    Trainer.Outcome outcome = train(new Interpreter(PLAN, BATCH), dir, recipe(6, 0.1f, 0),
        listener, false);
    assertTrue(outcome.completed());
    assertEquals(6, listener.epochs.size());
    Trainer.EpochResult first = listener.epochs.getFirst();
    Trainer.EpochResult last = listener.epochs.getLast();
    assertTrue(last.trainLoss() < 0.7 * first.trainLoss(), listener.epochs.toString());
    assertTrue(last.testAccuracy() > 0.5, listener.epochs.toString());
  }

  @Test
  void interruptedRunResumesToTheSameWeights() throws IOException {
    Recipe recipe = recipe(3, 0.1f, 3);
    Network uninterrupted = new Interpreter(PLAN, BATCH);
    train(uninterrupted, dir.resolve("a"), recipe, new StopAfter(-1), false);

    // Stop mid-epoch (step 11 of 8 per epoch is epoch 2, step 3), then resume in a new network.
    Network first = new Interpreter(PLAN, BATCH);
    Trainer.Outcome stopped = train(first, dir.resolve("b"), recipe, new StopAfter(11), false);
    assertFalse(stopped.completed());
    Network resumed = new Interpreter(PLAN, BATCH);
    StopAfter listener = new StopAfter(-1);
    Trainer.Outcome outcome = train(resumed, dir.resolve("b"), recipe, listener, true);
    assertTrue(outcome.completed());
    assertEquals(List.of(), listener.warnings);
    assertArrayEquals(weights(uninterrupted), weights(resumed));
    assertEquals(uninterrupted.batchesTracked(), resumed.batchesTracked());
  }

  @Test
  void resumeAfterAKillLosesOnlyTheStepsSinceTheLastCheckpoint() throws IOException {
    Recipe recipe = recipe(2, 0.1f, 3);
    Network uninterrupted = new Interpreter(PLAN, BATCH);
    train(uninterrupted, dir.resolve("a"), recipe, new StopAfter(-1), false);

    // A killed run leaves checkpoints and nothing else; the network object is simply lost.
    Path out = dir.resolve("b");
    train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(5), false);
    List<Path> checkpoints = new Checkpoints(out.resolve("checkpoints")).list();
    Files.delete(checkpoints.getLast());  // the kill came before the stop's own checkpoint
    Network resumed = new Interpreter(PLAN, BATCH);
    train(resumed, out, recipe, new StopAfter(-1), true);
    assertArrayEquals(weights(uninterrupted), weights(resumed));
  }

  @Test
  void corruptCheckpointIsReportedAndSkipped() throws IOException {
    Recipe recipe = recipe(2, 0.1f, 2);
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(5), false);
    List<Path> checkpoints = new Checkpoints(out.resolve("checkpoints")).list();
    Path newest = checkpoints.getLast();
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length - 5] ^= 0x40;
    Files.write(newest, bytes);

    StopAfter listener = new StopAfter(-1);
    Network resumed = new Interpreter(PLAN, BATCH);
    assertTrue(train(resumed, out, recipe, listener, true).completed());
    assertEquals(2, listener.warnings.size(), listener.warnings.toString());
    assertTrue(listener.warnings.getFirst().contains("is corrupt"), listener.warnings.toString());
    assertTrue(listener.warnings.getFirst().contains(newest.getFileName().toString()));
    // Set aside, not deleted: the evidence stays for whoever wants to look at it.
    assertTrue(listener.warnings.get(1).contains(".corrupt"), listener.warnings.toString());
    assertTrue(Files.exists(newest.resolveSibling(newest.getFileName() + ".corrupt")));

    Network uninterrupted = new Interpreter(PLAN, BATCH);
    train(uninterrupted, dir.resolve("a"), recipe, new StopAfter(-1), false);
    assertArrayEquals(weights(uninterrupted), weights(resumed));
  }

  @Test
  void truncatedCheckpointIsSkipped() throws IOException {
    Recipe recipe = recipe(2, 0.1f, 2);
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(5), false);
    Path newest = new Checkpoints(out.resolve("checkpoints")).list().getLast();
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    StopAfter listener = new StopAfter(-1);
    assertTrue(train(new Interpreter(PLAN, BATCH), out, recipe, listener, true).completed());
    assertEquals(2, listener.warnings.size(), listener.warnings.toString());
    assertTrue(listener.warnings.getFirst().contains("outside the data section"),
        listener.warnings.toString());
  }

  @Test
  void divergingLossStopsWithAClearMessageAndKeepsOnlyFiniteCheckpoints() throws IOException {
    Recipe recipe = recipe(3, 1e30f, 1);
    Path out = dir.resolve("run");
    Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
        () -> train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(-1), false));
    List<Path> kept = new Checkpoints(out.resolve("checkpoints")).list();
    assertFalse(kept.isEmpty());
    assertTrue(e.getMessage().startsWith("training diverged: "), e.getMessage());
    assertTrue(e.getMessage().contains("at epoch 1, step "), e.getMessage());
    assertTrue(e.getMessage().endsWith("the newest finite checkpoint is " + kept.getLast()),
        e.getMessage());
    for (Path checkpoint : kept) {
      assertAllFinite(Checkpoints.verify(checkpoint));
    }
  }

  @Test
  void divergingBeforeAnyCheckpointClaimsNone() {
    Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
        () -> train(new Interpreter(PLAN, BATCH), dir.resolve("run"),
            new Recipe(1, BATCH, 1e30f, 0.9f, false, 0, List.of(), 0.1f, 0, 0.01f, false, 5, 0,
                0, 3), new StopAfter(-1), false));
    assertTrue(e.getMessage().endsWith("no checkpoint had been written"), e.getMessage());
  }

  @Test
  void aNonFiniteStateIsNeverWrittenAsACheckpointOrAsFinalWeights() throws IOException {
    Network net = new Interpreter(PLAN, BATCH);
    net.initialize(0);
    var norm = PLAN.norms().getLast();
    float[] inf = new float[norm.channels()];
    inf[1] = Float.POSITIVE_INFINITY;
    net.setRunningStatistics(norm, new float[norm.channels()], inf);
    Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoints"));
    Checkpoints.NonFiniteStateException e = assertThrows(
        Checkpoints.NonFiniteStateException.class,
        () -> checkpoints.write(net, "test.Tiny",
            new Checkpoints.Position(0, 1, 1, java.util.Map.of()), 3));
    assertTrue(e.getMessage().contains(norm.name() + ".running_var' holds Infinity at index 1"),
        e.getMessage());
    assertEquals(List.of(), checkpoints.list());
    Path last = dir.resolve("final.safetensors");
    Splits splits = data();
    Trainer trainer = new Trainer(net, "test.Tiny", splits.train(), splits.test(),
        recipe(1, 0.1f, 0), dir, new StopAfter(-1));
    assertThrows(Checkpoints.NonFiniteStateException.class, () -> trainer.export(last));
    assertFalse(Files.exists(last));
  }

  private static void assertAllFinite(Safetensors file) throws IOException {
    for (String name : file.names()) {
      if (file.dtype(name) == org.skipline.io.DType.F32) {
        for (float v : file.floats(name)) {
          assertTrue(Float.isFinite(v), file.file() + ": " + name + " holds " + v);
        }
      }
    }
  }

  @Test
  void aTamperedPositionIsCaughtAndResumingFallsBackToTheNewestIntactCheckpoint()
      throws IOException {
    Recipe recipe = recipe(2, 0.1f, 2);
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(5), false);
    Path newest = new Checkpoints(out.resolve("checkpoints")).list().getLast();
    byte[] bytes = Files.readAllBytes(newest);
    String header = new String(bytes, 8, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = header.indexOf("\"step_in_epoch\":\"") + "\"step_in_epoch\":\"".length();
    assertTrue(at > 20, header);
    bytes[8 + at] ^= 0x01;  // one bit of the digit: a different step, the same length
    Files.write(newest, bytes);

    StopAfter listener = new StopAfter(-1);
    Network resumed = new Interpreter(PLAN, BATCH);
    assertTrue(train(resumed, out, recipe, listener, true).completed());
    assertTrue(listener.warnings.getFirst().contains("is corrupt: the digest of its tensors and"
        + " metadata"), listener.warnings.toString());
    Network uninterrupted = new Interpreter(PLAN, BATCH);
    train(uninterrupted, dir.resolve("a"), recipe, new StopAfter(-1), false);
    assertArrayEquals(weights(uninterrupted), weights(resumed));
  }

  @Test
  void resumingWithAnotherRecipeOrAnotherDataSetIsRefusedSayingWhatDiffers() throws IOException {
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, recipe(2, 0.1f, 2), new StopAfter(5), false);

    IOException rate = assertThrows(IOException.class, () -> train(new Interpreter(PLAN, BATCH),
        out, recipe(2, 0.2f, 2), new StopAfter(-1), true));
    assertTrue(rate.getMessage().contains("was written with learning_rate 0.1, but this run asks"
        + " for learning_rate 0.2;"), rate.getMessage());

    Splits other = DataSources.load("synthetic:1x8x8:4:96:64");
    Trainer trainer = new Trainer(new Interpreter(PLAN, BATCH), "test.Tiny", other.train(),
        other.test(), recipe(2, 0.1f, 2), out, new StopAfter(-1));
    IOException data = assertThrows(IOException.class, () -> trainer.run(true));
    assertTrue(data.getMessage().contains("was written with data "), data.getMessage());
    assertTrue(data.getMessage().contains("(digest "), data.getMessage());

    // Checkpoint frequency and how many to keep may change.
    Recipe sameButKeepFive = new Recipe(2, BATCH, 0.1f, 0.9f, true, 1e-4f, List.of(0.5, 0.75),
        0.1f, 2, 0.01f, true, 5, 1, 3, 5);
    assertTrue(train(new Interpreter(PLAN, BATCH), out, sameButKeepFive, new StopAfter(-1), true)
        .completed());
  }

  @Test
  void resumingWhenEveryCheckpointIsCorruptIsRefused() throws IOException {
    Path out = dir.resolve("run");
    Recipe recipe = recipe(2, 0.1f, 2);
    train(new Interpreter(PLAN, BATCH), out, recipe, new StopAfter(5), false);
    List<Path> all = new Checkpoints(out.resolve("checkpoints")).list();
    for (Path p : all) {
      Files.write(p, new byte[] {1, 2, 3});
    }
    StopAfter listener = new StopAfter(-1);
    IOException e = assertThrows(IOException.class,
        () -> train(new Interpreter(PLAN, BATCH), out, recipe, listener, true));
    assertTrue(e.getMessage().startsWith("none of the " + all.size() + " checkpoints in "),
        e.getMessage());
    assertEquals(all.size(), listener.warnings.size(), listener.warnings.toString());
    assertEquals(all, new Checkpoints(out.resolve("checkpoints")).list());  // nothing deleted
  }

  @Test
  void leftoversOfAKilledWriteAreRemovedAndKeepIsExact() throws IOException {
    Path out = dir.resolve("run");
    Path folder = out.resolve("checkpoints");
    Files.createDirectories(folder);
    Path leftover = folder.resolve(".step-000000000002.safetensors.1f2e3d.tmp");
    Files.write(leftover, new byte[100]);
    train(new Interpreter(PLAN, BATCH), out, recipe(2, 0.1f, 1), new StopAfter(-1), false);
    try (var files = Files.list(folder)) {
      assertEquals(3, files.count(), "exactly --keep files remain in " + folder);
    }
    assertFalse(Files.exists(leftover));
  }

  @Test
  void checkpointsHoldPyTorchNamesAndMomentum() throws IOException {
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, recipe(1, 0.1f, 0), new StopAfter(-1), false);
    Path last = new Checkpoints(out.resolve("checkpoints")).list().getLast();
    Safetensors file = Checkpoints.verify(last);
    assertTrue(file.contains("stem.weight"));
    assertTrue(file.contains("velocity.stem.weight"));
    assertTrue(file.contains("final_bn.num_batches_tracked"));
    assertEquals("test.Tiny", file.metadata().get("model"));
  }

  /** {@link #recipe} with one switch, or all of them, on. */
  private static Recipe switched(String which, int epochs, int checkpointSteps) {
    Recipe r = recipe(epochs, 0.1f, checkpointSteps);
    boolean all = which.equals("all");
    return new Recipe(r.epochs(), r.batch(), r.learningRate(), r.momentum(), r.nesterov(),
        r.weightDecay(), r.decayAt(), r.decayFactor(), r.warmupSteps(), r.warmupRate(),
        r.augment(), r.seed(), r.checkpointMinutes(), r.checkpointSteps(), r.keepCheckpoints(),
        all || which.equals("cosine") ? Recipe.Schedule.COSINE
            : which.equals("linear") ? Recipe.Schedule.LINEAR : Recipe.Schedule.STEP,
        all || which.equals("cosine") ? Recipe.Warmup.LINEAR : Recipe.Warmup.CONSTANT,
        all || which.equals("smoothing") ? 0.1f : 0f,
        all || which.equals("erasing") ? RandomErasing.ZHONG : RandomErasing.NONE,
        all || which.equals("ema") ? 0.99f : 0f,
        all || which.equals("mirror"));
  }

  /** Each epoch's losses and accuracies, without its timing. */
  private static List<List<Double>> metrics(List<Trainer.EpochResult> epochs) {
    return epochs.stream().map(e -> List.of(e.trainLoss(), e.trainAccuracy(), e.testLoss(),
        e.testAccuracy())).toList();
  }

  /** Trains into {@code out}, then exports the final weights to {@code out/final.safetensors}. */
  private byte[] trainAndExport(Path out, Recipe recipe, StopAfter listener, boolean resume)
      throws IOException {
    Splits splits = data();
    Trainer trainer = new Trainer(new Interpreter(PLAN, BATCH), "test.Tiny", splits.train(),
        splits.test(), recipe, out, listener);
    listener.trainer = trainer;
    if (!trainer.run(resume).completed()) {
      return null;
    }
    trainer.export(out.resolve("final.safetensors"));
    return Files.readAllBytes(out.resolve("final.safetensors"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"smoothing", "erasing", "ema", "cosine", "linear", "mirror", "all"})
  void eachSwitchIsDeterministicForASeedAndResumesBitIdentically(String which)
      throws IOException {
    Recipe recipe = switched(which, 3, 3);
    StopAfter straight = new StopAfter(-1);
    byte[] once = trainAndExport(dir.resolve("a"), recipe, straight, false);
    StopAfter again = new StopAfter(-1);
    assertArrayEquals(once, trainAndExport(dir.resolve("b"), recipe, again, false),
        "the same seed gives the same final weights");
    assertEquals(metrics(straight.epochs), metrics(again.epochs));

    // Stopped in epoch 2 at step 3, resumed in a new network.
    Path out = dir.resolve("c");
    assertEquals(null, trainAndExport(out, recipe, new StopAfter(11), false));
    StopAfter resumed = new StopAfter(-1);
    assertArrayEquals(once, trainAndExport(out, recipe, resumed, true),
        "a resumed run ends with the same final weights, moving average included");
    assertEquals(List.of(), resumed.warnings);
    assertEquals(metrics(straight.epochs.subList(1, 3)), metrics(resumed.epochs));
    assertEquals(0, resumed.history.firstStep());
    assertEquals(24, resumed.history.loss().length);
    assertArrayEquals(straight.history.loss(), resumed.history.loss());
    assertArrayEquals(straight.history.learningRate(), resumed.history.learningRate());
  }

  @Test
  void eachSwitchChangesTheRun() throws IOException {
    byte[] plain = trainAndExport(dir.resolve("plain"), switched("none", 2, 0),
        new StopAfter(-1), false);
    for (String which : List.of("smoothing", "erasing", "ema", "cosine", "linear")) {
      byte[] switchedOn = trainAndExport(dir.resolve(which), switched(which, 2, 0),
          new StopAfter(-1), false);
      assertFalse(java.util.Arrays.equals(plain, switchedOn), which + " changed nothing");
    }
  }

  @Test
  void theMovingAverageIsWhatIsEvaluatedAndExported() throws IOException {
    Path out = dir.resolve("ema");
    StopAfter listener = new StopAfter(-1);
    Splits splits = data();
    Network net = new Interpreter(PLAN, BATCH);
    Trainer trainer = new Trainer(net, "test.Tiny", splits.train(), splits.test(),
        switched("ema", 2, 0), out, listener);
    assertTrue(trainer.run(false).completed());
    trainer.export(out.resolve("final.safetensors"));
    Safetensors exported = Safetensors.read(out.resolve("final.safetensors"));
    assertTrue(exported.metadata().get("weights").startsWith("moving average, decay 0.99"));
    float[] raw = weights(net);
    Network average = new Interpreter(PLAN, BATCH);
    average.loadWeights(exported);
    assertFalse(java.util.Arrays.equals(raw, weights(average)));
    Evaluation evaluation = Evaluation.of(average, splits.test(),
        org.skipline.data.Normalization.of(splits.train()), new float[BATCH * 64],
        new int[BATCH]);
    assertEquals(listener.epochs.getLast().testAccuracy(), evaluation.accuracy());
    assertEquals(listener.epochs.getLast().testLoss(), evaluation.loss());
    // The checkpoint holds both: the trained weights and their average.
    Safetensors checkpoint = Checkpoints.verify(new Checkpoints(out.resolve("checkpoints"))
        .list().getLast());
    assertArrayEquals(net.parameter(PLAN.parameters().getFirst()),
        checkpoint.floats(PLAN.parameters().getFirst().name()));
    assertArrayEquals(average.parameter(PLAN.parameters().getFirst()),
        checkpoint.floats("ema." + PLAN.parameters().getFirst().name()));
    assertTrue(checkpoint.contains("ema." + PLAN.norms().getFirst().name() + ".running_var"));
    assertEquals(16, checkpoint.shape("run.loss_per_step")[0]);
    // Loaded as weights (eval, infer), the checkpoint is its average, as the final file is.
    Network fromCheckpoint = new Interpreter(PLAN, BATCH);
    fromCheckpoint.loadWeights(checkpoint);
    assertArrayEquals(weights(average), weights(fromCheckpoint));
    assertArrayEquals(average.runningVariance(PLAN.norms().getLast()),
        fromCheckpoint.runningVariance(PLAN.norms().getLast()));
  }

  @Test
  void resumingWithAnotherSwitchIsRefusedSayingWhich() throws IOException {
    Path out = dir.resolve("run");
    train(new Interpreter(PLAN, BATCH), out, switched("smoothing", 2, 2), new StopAfter(5),
        false);
    IOException e = assertThrows(IOException.class, () -> train(new Interpreter(PLAN, BATCH),
        out, switched("erasing", 2, 2), new StopAfter(-1), true));
    assertTrue(e.getMessage().contains("was written with erasing none, label_smoothing 0.1, but"
        + " this run asks for erasing 0.5, area 0.02 to 0.4, aspect 0.3 to 3.3333333333333335,"
        + " label_smoothing 0.0;"), e.getMessage());
  }

  @Test
  void mirroredEvaluationAveragesAnImageWithItsMirrorImage() throws IOException {
    Splits splits = data();
    Network net = new Interpreter(PLAN, BATCH);
    train(net, dir.resolve("run"), recipe(1, 0.1f, 0), new StopAfter(-1), false);
    var test = splits.test();
    int size = test.imageSize();
    float[] images = java.util.Arrays.copyOf(test.images(), BATCH * size);
    float[] mirrored = images.clone();
    org.skipline.data.Augmentation.mirror(mirrored, 0, BATCH, 1, 8, 8);
    float[] before = images.clone();
    float[] logits = Evaluation.mirroredLogits(net, images, BATCH, 1, 8, 8, false);
    assertArrayEquals(before, images, "the images are left as they were");
    // Averaging over {x, mirror(x)} gives the same logits for either image, to the bit.
    assertArrayEquals(logits, Evaluation.mirroredLogits(net, mirrored, BATCH, 1, 8, 8, false));
    net.forward(images, BATCH, false);
    assertFalse(java.util.Arrays.equals(net.logits(), logits));
    var norm = org.skipline.data.Normalization.of(splits.train());
    Evaluation plain = Evaluation.of(net, test, norm, new float[BATCH * size], new int[BATCH]);
    Evaluation both = Evaluation.of(net, test, norm, new float[BATCH * size], new int[BATCH],
        true);
    assertTrue(plain.loss() != both.loss(), plain + " " + both);
  }
}
