package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skipline.cli.SkiplineTest.assertOneSentenceError;
import static org.skipline.cli.SkiplineTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.data.RandomErasing;
import org.skipline.io.Safetensors;
import org.skipline.train.Recipe;
import picocli.CommandLine;

/** {@code train --recipe} and the switches' options: which value wins, and bad values. */
class TrainRecipeTest {

  @TempDir Path dir;

  private static final String[] REQUIRED = {"--model", "ResNet20", "--data", "synthetic",
      "--epochs", "3", "--output", "out"};

  /** The recipe that {@code train} would run with these options. */
  private static Recipe parse(String... options) {
    TrainCommand command = new TrainCommand();
    CommandLine cli = new CommandLine(command);
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(REQUIRED),
        java.util.Arrays.stream(options)).toArray(String[]::new);
    cli.parseArgs(args);
    return command.recipe();
  }

  @Test
  void aValueOutOfRangeIsAUsageErrorWhicheverRecipeItStartsFrom() {
    for (String recipe : new String[] {"paper", "best"}) {
      SkiplineTest.assertOneSentenceError(2, SkiplineTest.run("train", "--model", "ResNet20",
          "--data", "synthetic", "--epochs", "0", "--recipe", recipe, "--output",
          dir.resolve("x").toString()), "epochs must be at least 1, got 0");
    }
  }

  @Test
  void withoutOptionsTrainRunsThePapersRecipeAsBefore() {
    assertEquals(Recipe.paper(3, 128), parse());
    assertEquals(Recipe.paper(3, 128), parse("--recipe", "paper"));
  }

  @Test
  void theBestRecipeTurnsEverySwitchOn() {
    assertEquals(Recipe.best(3, 128), parse("--recipe", "BEST"));
  }

  @Test
  void anOptionOverridesTheRecipeOnEitherSideOfIt() {
    Recipe before = parse("--lr", "0.05", "--no-tta", "--recipe", "best");
    Recipe after = parse("--recipe", "best", "--lr", "0.05", "--no-tta");
    assertEquals(before, after);
    assertEquals(0.05f, after.learningRate());
    assertFalse(after.testTimeMirror());
    // Everything not given stays the recipe's.
    Recipe best = Recipe.best(3, 128);
    assertEquals(best.schedule(), after.schedule());
    assertEquals(best.erasing(), after.erasing());
    assertEquals(best.emaDecay(), after.emaDecay());
    assertTrue(after.nesterov());
  }

  @Test
  void everySwitchHasItsOption() {
    Recipe r = parse("--schedule", "linear", "--warmup", "linear", "--warmup-steps", "10",
        "--label-smoothing", "0.2", "--erasing", "0.3", "--erasing-area", "0.1,0.2",
        "--erasing-aspect", "0.5,2", "--ema", "0.99", "--tta", "--nesterov", "--no-augment");
    assertEquals(Recipe.Schedule.LINEAR, r.schedule());
    assertEquals(Recipe.Warmup.LINEAR, r.warmup());
    assertEquals(10, r.warmupSteps());
    assertEquals(0.2f, r.labelSmoothing());
    assertEquals(new RandomErasing(0.3, 0.1, 0.2, 0.5, 2), r.erasing());
    assertEquals(0.99f, r.emaDecay());
    assertTrue(r.testTimeMirror());
    assertTrue(r.nesterov());
    assertFalse(r.augment());
    assertFalse(parse("--recipe", "best", "--no-nesterov").nesterov());
  }

  @Test
  void badValuesAreUsageErrors() {
    String[] train = {"train", "--model", "ResNet20", "--data", "synthetic", "--epochs", "1",
        "--output", dir.resolve("run").toString()};
    assertOneSentenceError(2, run(concat(train, "--recipe", "fast")),
        "'fast' is not a recipe; use paper or best");
    assertOneSentenceError(2, run(concat(train, "--schedule", "exp")),
        "'exp' is not a schedule; use step or cosine or linear");
    assertOneSentenceError(2, run(concat(train, "--label-smoothing", "1")),
        "label smoothing must be in [0, 1), got 1.0");
    assertOneSentenceError(2, run(concat(train, "--erasing", "2")),
        "the erasing probability must be in [0, 1], got 2.0");
    assertOneSentenceError(2, run(concat(train, "--erasing-area", "0.1")),
        "--erasing-area takes two numbers, MIN,MAX; got 1");
    assertOneSentenceError(2, run(concat(train, "--ema", "1")),
        "the moving average's decay must be in (0, 1), or 0 for none, got 1.0");
    assertFalse(Files.exists(dir.resolve("run")), "nothing is written for a usage error");
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first),
        java.util.Arrays.stream(more)).toArray(String[]::new);
  }

  @Test
  void theBestRecipeTrainsWritesStepsAndEvaluatesWithTheMirror() throws IOException {
    Path out = dir.resolve("run");
    String model = "org.skipline.examples.testnets.TinyPreActBasic";
    String data = "synthetic:3x8x8:3:96:48";
    SkiplineTest.Result train = run("train", "--model", model, "--engine", "interpreted",
        "--data", data, "--epochs", "2", "--batch", "16", "--recipe", "best", "--warmup-steps",
        "3", "--out", out.toString());
    assertEquals(0, train.status(), train.err());
    List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
    assertEquals("step,epoch,train_loss,learning_rate", steps.getFirst());
    assertEquals(1 + 12, steps.size(), "one row per step: 2 epochs of 6");
    assertTrue(steps.get(1).startsWith("1,0.1667,"), steps.get(1));
    assertTrue(Files.size(out.resolve("metrics.png")) > 1000);
    Safetensors weights = Safetensors.read(out.resolve("final.safetensors"));
    assertEquals("moving average, decay 0.999", weights.metadata().get("weights"));

    Path checkpoint;
    try (var files = Files.list(out.resolve("checkpoints"))) {
      checkpoint = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Path exported = dir.resolve("exported.safetensors");
    assertEquals(0, run("export", "--checkpoint", checkpoint.toString(), "--output",
        exported.toString()).status());
    // The last checkpoint exports what the final weights hold: the average, no run tensors.
    Safetensors fromCheckpoint = Safetensors.read(exported);
    assertEquals(weights.names(), fromCheckpoint.names());
    for (String name : List.of("fc.weight", "stem.weight", "final_bn.running_var")) {
      assertTrue(java.util.Arrays.equals(weights.floats(name), fromCheckpoint.floats(name)),
          name);
    }
    assertEquals(weights.metadata().get("weights"), fromCheckpoint.metadata().get("weights"));

    String accuracy = train.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    SkiplineTest.Result eval = run("eval", "--model", model, "--weights",
        out.resolve("final.safetensors").toString(), "--data", data, "--tta");
    assertEquals(0, eval.status(), eval.err());
    assertEquals(accuracy, eval.out().strip().lines().reduce((a, b) -> b).orElseThrow(),
        "eval --tta of the final weights reports the last epoch's mirrored test accuracy");
  }
}
