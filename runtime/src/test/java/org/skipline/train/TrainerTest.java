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
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.data.DataSources;
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
    public void epoch(Trainer.EpochResult result) {
      epochs.add(result);
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
}
