package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.io.Safetensors;

/** The launcher's subcommands, and its one-sentence errors on bad input. */
class SkiplineTest {

  @TempDir Path dir;

  /** Exit status, standard output and standard error of one run. */
  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int status = Skipline.run(args);
      return new Result(status, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static void assertOneSentenceError(Result r, String... fragments) {
    assertOneSentenceError(1, r, fragments);
  }

  /** Exit status {@code status} and one line on standard error holding every fragment. */
  static void assertOneSentenceError(int status, Result r, String... fragments) {
    assertEquals(status, r.status(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line: " + err);
    assertFalse(err.contains("Exception"), "no stack trace: " + err);
    assertTrue(err.startsWith("skipline: "), err);
    for (String fragment : fragments) {
      assertTrue(err.contains(fragment), "'" + fragment + "' in: " + err);
    }
  }

  @Test
  void modelsListsTheStandardNetworks() {
    Result r = run("models");
    assertEquals(0, r.status(), r.err());
    for (String name : new String[] {"PreActResNet20", "PreActResNet56", "PreActResNet110",
        "PreActResNet164", "PreActResNet1001", "ResNet20", "ResNet56", "ResNet110",
        "ResNet164"}) {
      assertTrue(r.out().contains(name + " "), name + " in\n" + r.out());
    }
    assertTrue(r.out().contains("1,703,258"), r.out());
  }

  @Test
  void inferAndGradRoundTrip() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    Path batch = dir.resolve("x.safetensors");
    assertEquals(0, run("init", "--model", "PreActResNet20", "--output", weights.toString())
        .status());
    assertEquals(0, run("synth", "--model", "PreActResNet20", "--batch", "3", "--output",
        batch.toString()).status());

    Path logits = dir.resolve("y.safetensors");
    Result infer = run("infer", "--model", "PreActResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", logits.toString());
    assertEquals(0, infer.status(), infer.err());
    assertArrayEquals(new long[] {3, 10}, Safetensors.read(logits).shape("logits"));

    Path interpreted = dir.resolve("yi.safetensors");
    assertEquals(0, run("infer", "--model", "org.skipline.examples.PreActResNet20", "--engine",
        "interpreted", "--weights", weights.toString(), "--input", batch.toString(),
        "--output", interpreted.toString()).status());
    assertArrayEquals(Safetensors.read(logits).floats("logits"),
        Safetensors.read(interpreted).floats("logits"));

    Path grads = dir.resolve("g.safetensors");
    Result grad = run("grad", "--model", "PreActResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", grads.toString());
    assertEquals(0, grad.status(), grad.err());
    Safetensors g = Safetensors.read(grads);
    assertArrayEquals(new long[0], g.shape("loss"));
    assertArrayEquals(new long[] {16, 3, 3, 3}, g.shape("grad.stem.weight"));
    assertTrue(g.contains("grad.final_bn.bias"));
    assertFalse(g.contains("grad.final_bn.running_mean"));
  }

  @Test
  void unknownModel() {
    assertOneSentenceError(
        run("infer", "--model", "ResNet21", "--weights", "w", "--input", "x", "--output", "y"),
        "no model named 'ResNet21'", "PreActResNet164");
  }

  @Test
  void missingWeightsFile() throws IOException {
    Path batch = dir.resolve("x.safetensors");
    run("synth", "--model", "ResNet20", "--batch", "2", "--output", batch.toString());
    Path missing = dir.resolve("missing.safetensors");
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights", missing.toString(),
        "--input", batch.toString(), "--output", dir.resolve("y").toString()),
        "missing.safetensors");
  }

  @Test
  void weightsOfAnotherNetwork() throws IOException {
    Path weights = dir.resolve("w20.safetensors");
    Path batch = dir.resolve("x.safetensors");
    run("init", "--model", "PreActResNet20", "--output", weights.toString());
    run("synth", "--model", "ResNet20", "--batch", "2", "--output", batch.toString());
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", dir.resolve("y").toString()),
        "w20.safetensors", "is not a parameter or buffer of ResNet20");
  }

  @Test
  void inputOfTheWrongShape() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    Path batch = dir.resolve("x.safetensors");
    run("init", "--model", "ResNet20", "--output", weights.toString());
    new Safetensors.Writer().putFloats("input", new long[] {2, 1, 28, 28}, new float[2 * 784], 0)
        .write(batch);
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", dir.resolve("y").toString()),
        "x.safetensors", "'input'", "[2, 1, 28, 28]", "[N,3,32,32]");
  }

  @Test
  void labelsOutOfRange() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    Path batch = dir.resolve("x.safetensors");
    run("init", "--model", "ResNet20", "--output", weights.toString());
    new Safetensors.Writer()
        .putFloats("input", new long[] {2, 3, 32, 32}, new float[2 * 3 * 1024], 0)
        .putLongs("labels", new long[] {2}, new long[] {3, 10})
        .write(batch);
    assertOneSentenceError(run("grad", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", dir.resolve("g").toString()),
        "labels[1] = 10", "[0, 10)");
  }

  @Test
  void malformedFile() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    Files.write(weights, new byte[] {1, 2, 3});
    Path batch = dir.resolve("x.safetensors");
    run("synth", "--model", "ResNet20", "--batch", "2", "--output", batch.toString());
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", dir.resolve("y").toString()),
        "w.safetensors");
  }

  @Test
  void trainEvalAndExport() throws IOException {
    Path out = dir.resolve("run");
    Result train = run("train", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--engine", "interpreted", "--data", "synthetic:3x8x8:3:96:48", "--epochs", "2",
        "--batch", "16", "--out", out.toString());
    assertEquals(0, train.status(), train.err());
    assertTrue(train.out().contains("epoch 2: train loss"), train.out());
    assertTrue(Files.readString(out.resolve("metrics.csv")).lines().count() == 3);
    assertTrue(Files.size(out.resolve("metrics.png")) > 1000);
    String accuracy = train.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(accuracy.matches("accuracy: 0\\.\\d{4}"), accuracy);

    Result eval = run("eval", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--weights", out.resolve("final.safetensors").toString(),
        "--data", "synthetic:3x8x8:3:96:48");
    assertEquals(0, eval.status(), eval.err());
    assertEquals(accuracy, eval.out().strip().lines().reduce((a, b) -> b).orElseThrow(),
        "eval of the final weights reports the last epoch's test accuracy");

    Path checkpoint;
    try (var files = Files.list(out.resolve("checkpoints"))) {
      checkpoint = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Path exported = dir.resolve("exported.safetensors");
    Result export = run("export", "--checkpoint", checkpoint.toString(), "--output",
        exported.toString());
    assertEquals(0, export.status(), export.err());
    Safetensors weights = Safetensors.read(exported);
    assertFalse(weights.names().stream().anyMatch(n -> n.startsWith("velocity.")));
    assertEquals(Safetensors.read(out.resolve("final.safetensors")).names(), weights.names());

    Path onnx = dir.resolve("tiny.onnx");
    Result onnxExport = run("export", "--checkpoint", checkpoint.toString(), "--output",
        onnx.toString());
    assertEquals(0, onnxExport.status(), onnxExport.err());
    assertTrue(onnxExport.out().contains("ONNX model of"
        + " org.skipline.examples.testnets.TinyPreActBasic"), onnxExport.out());
  }

  @Test
  void exportedOnnxModelGivesInfersLogits() throws Exception {
    Path weights = dir.resolve("w.safetensors");
    Path batch = dir.resolve("x.safetensors");
    Path logits = dir.resolve("y.safetensors");
    Path onnx = dir.resolve("m.onnx");
    assertEquals(0, run("init", "--model", "ResNet20", "--seed", "5", "--output",
        weights.toString()).status());
    assertEquals(0, run("synth", "--model", "ResNet20", "--batch", "3", "--output",
        batch.toString()).status());
    assertEquals(0, run("infer", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", batch.toString(), "--output", logits.toString()).status());
    Result export = run("export", "--model", "ResNet20", "--weights", weights.toString(),
        "--output", onnx.toString());
    assertEquals(0, export.status(), export.err());
    assertTrue(export.out().contains("ONNX model of org.skipline.examples.ResNet20, 272,474"
        + " parameters (IR 8, opset 17)"), export.out());

    float[] expected = Safetensors.read(logits).floats("logits");
    var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    try (var session = env.createSession(onnx.toString());
        var input = ai.onnxruntime.OnnxTensor.createTensor(env,
            java.nio.FloatBuffer.wrap(Safetensors.read(batch).floats("input")),
            new long[] {3, 3, 32, 32});
        var result = session.run(java.util.Map.of("input", input))) {
      float[][] actual = (float[][]) result.get(0).getValue();
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 10; k++) {
          assertEquals(expected[i * 10 + k], actual[i][k], 1e-4, "image " + i + ", class " + k);
        }
      }
    }

    Path copy = dir.resolve("copy.onnx");
    assertEquals(0, run("export", "--model", "ResNet20", "--weights", weights.toString(),
        "--format", "safetensors", "--output", copy.toString()).status());
    assertEquals(Safetensors.read(weights).names(), Safetensors.read(copy).names());
  }

  @Test
  void exportNeedsOneSourceOfWeightsAndAKnownFormat() {
    String output = dir.resolve("m.onnx").toString();
    assertOneSentenceError(2, run("export", "--output", output),
        "give --checkpoint C, or --model M with --weights W");
    assertOneSentenceError(2, run("export", "--model", "ResNet20", "--output", output),
        "give --checkpoint C, or --model M with --weights W");
    assertOneSentenceError(2, run("export", "--checkpoint", "c", "--weights", "w", "--model",
        "ResNet20", "--output", output), "not both");
    assertOneSentenceError(2, run("export", "--model", "ResNet20", "--weights", "w",
        "--format", "xml", "--output", output), "'xml' is not a format; use onnx or safetensors");
    assertOneSentenceError(run("export", "--model", "ResNet20", "--weights",
        dir.resolve("missing.safetensors").toString(), "--output", output),
        "missing.safetensors");
  }

  @Test
  void resumingAFinishedRunChangesNothing() throws IOException {
    Path out = dir.resolve("run");
    String[] args = {"train", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--data", "synthetic:3x8x8:3:96:48", "--epochs", "2", "--batch", "16", "--out",
        out.toString()};
    assertEquals(0, run(args).status());
    Result again = run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--resume")).toArray(String[]::new));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("is already finished"), again.out());
  }

  @Test
  void missingCifarDirectory() {
    assertOneSentenceError(run("train", "--model", "ResNet20", "--data",
        "cifar10:" + dir.resolve("nowhere"), "--epochs", "1", "--out", dir.toString()),
        "nowhere");
  }

  @Test
  void dataOfTheWrongShape() {
    assertOneSentenceError(run("train", "--model", "ResNet20", "--data",
        "synthetic:1x28x28:10:64:32", "--epochs", "1", "--out", dir.toString()),
        "1x28x28", "ResNet20");
  }

  @Test
  void exportRejectsAFileThatIsNotACheckpoint() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    run("init", "--model", "ResNet20", "--output", weights.toString());
    assertOneSentenceError(run("export", "--checkpoint", weights.toString(), "--output",
        dir.resolve("x.safetensors").toString()), "not a Skipline training checkpoint");
  }

  @Test
  void benchEndsWithImagesPerSecond() {
    Result r = run("bench", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--batch", "4", "--mode", "train", "--seconds", "0.2");
    assertEquals(0, r.status(), r.err());
    String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("images/s: \\d+\\.\\d"), last);
    Result fly = run("bench", "--model", "ResNet20", "--mode", "fly");
    assertEquals(2, fly.status(), fly.err());
    assertTrue(fly.err().contains("'fly' is not a mode; use train or infer"), fly.err());
  }

  @Test
  void benchLayersChargesEveryCallOfTheStepToARow() {
    Result r = run("bench", "--model", "org.skipline.examples.testnets.TinyOriginalBasic",
        "--batch", "4", "--mode", "train", "--seconds", "0.2", "--layers");
    assertEquals(0, r.status(), r.err());
    // TinyOriginalBasic, depth 8: a stem and six 3x3 convolutions in three basic units, the
    // last two units starting with a stride of 2 and with a 1x1 projection of stride 2; a batch
    // norm after each convolution.
    for (String row : new String[] {"| the stem's convolution, forward (1) |",
        "| 3x3 convolutions, forward (4) |", "| 3x3 convolutions of stride 2, backward (2) |",
        "| 1x1 convolutions of stride 2, forward (2) |",
        "| batch norms, forward (9) |", "| batch norms, backward (9) |",
        "| additions, ReLUs and shortcut combinations, forward (3) |",
        "| pooling and classifier, backward (2) |", "| whole step, median of "}) {
      assertTrue(r.out().contains(row), row + " in\n" + r.out());
    }
    // Every call is charged once, within its step: what is left of a step is not negative.
    String rest = r.out().lines().filter(l -> l.startsWith("| the rest: ")).findFirst()
        .orElseThrow();
    assertTrue(Double.parseDouble(rest.split("\\|")[2].strip()) >= 0, rest);
    assertTrue(r.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("images/s:"));
    assertOneSentenceError(2, run("bench", "--model", "ResNet20", "--mode", "infer", "--layers"),
        "--layers times the calls of training steps; use it with --mode train");
  }

  @Test
  void benchLayersByShapeSplitsEachKindByChannelsAndSize() {
    Result r = run("bench", "--model", "org.skipline.examples.testnets.TinyOriginalBasic",
        "--batch", "4", "--mode", "train", "--seconds", "0.2", "--layers", "shape");
    assertEquals(0, r.status(), r.err());
    // The two 3x3 convolutions of the first unit share a row; the stride-2 units' 3x3
    // convolutions, 4->8 at 4x4 and 8->8 at 4x4, each have their own, as do the batch norms of
    // each width.
    for (String row : new String[] {"| the stem's convolution 3->4 at 8x8, forward (1) |",
        "| 3x3 convolutions 4->4 at 8x8, forward (2) |",
        "| 3x3 convolutions of stride 2 4->8 at 4x4, backward (1) |",
        "| 3x3 convolutions 8->8 at 4x4, forward (1) |",
        "| 1x1 convolutions of stride 2 8->16 at 2x2, forward (1) |",
        "| batch norms 4 at 8x8, forward (3) |", "| batch norms 16 at 2x2, backward (3) |",
        "| additions, ReLUs and shortcut combinations, forward (3) |"}) {
      assertTrue(r.out().contains(row), row + " in\n" + r.out());
    }
    assertOneSentenceError(2, run("bench", "--model", "ResNet20", "--mode", "train", "--layers",
        "size"), "'size' is not a way to group layers; use kind or shape");
  }

  @Test
  void trainingIntoAUsedDirectoryNeedsResume() throws IOException {
    Path out = dir.resolve("run");
    String[] args = {"train", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--data", "synthetic:3x8x8:3:32:16", "--epochs", "1", "--batch", "16", "--out",
        out.toString()};
    assertEquals(0, run(args).status());
    assertOneSentenceError(run(args), "already holds checkpoints", "--resume");
  }

  @Test
  void badOptionIsOneLine() {
    Result r = run("train", "--model", "ResNet20", "--data", "synthetic", "--epochs", "x",
        "--out", dir.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().strip().startsWith("skipline: "), r.err());
    assertFalse(r.err().strip().contains("\n"), r.err());
  }

  @Test
  void evalChecksTheDataAgainstTheModel() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    run("init", "--model", "ResNet20", "--output", weights.toString());
    assertOneSentenceError(run("eval", "--model", "ResNet20", "--weights", weights.toString(),
        "--data", "synthetic:3x32x32:100:64:32"), "100 classes", "ResNet20");
  }

  @Test
  void nestedSpecByItsSourceName() {
    Result r = run("bench", "--model", "org.skipline.examples.testnets.Holder.NestedSpec",
        "--engine", "interpreted", "--batch", "2", "--mode", "infer", "--seconds", "0.1");
    assertEquals(0, r.status(), r.err());
  }
}
