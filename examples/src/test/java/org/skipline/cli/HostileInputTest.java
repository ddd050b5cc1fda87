package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skipline.cli.SkiplineTest.assertOneSentenceError;
import static org.skipline.cli.SkiplineTest.run;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.cli.SkiplineTest.Result;
import org.skipline.data.ClassNames;
import org.skipline.data.Normalization;
import org.skipline.io.DType;
import org.skipline.io.Safetensors;
import org.skipline.train.RunLock;

/**
 * What hostile inputs and a new user found: nothing written where it must not be, nothing lost,
 * and every refusal one sentence with the right exit status.
 */
class HostileInputTest {

  private static final String TINY = "org.skipline.examples.testnets.TinyPreActBasic";
  private static final String TINY_DATA = "synthetic:3x8x8:3:96:48";

  @TempDir Path dir;

  private String[] train(Path out, String... more) {
    return Stream.concat(Stream.of("train", "--model", TINY, "--data", TINY_DATA, "--epochs", "2",
        "--batch", "16", "--output", out.toString()), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void aPipeGivenAsOutputIsRefusedAndLeftAPipe() throws Exception {
    Path pipe = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
    assertOneSentenceError(run("init", "--model", "PreActResNet20", "--output", pipe.toString()),
        "cannot write " + pipe + ": it is a device, pipe or socket, not a regular file");
    assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe));
  }

  @Test
  void aSymbolicLinkGivenAsOutputIsFollowed() throws IOException {
    Path real = dir.resolve("real.safetensors");
    Path link = Files.createSymbolicLink(dir.resolve("link.safetensors"), real.getFileName());
    assertEquals(0, run("init", "--model", "ResNet20", "--output", link.toString()).status());
    assertTrue(Files.isSymbolicLink(link));
    assertTrue(Safetensors.read(real).contains("stem.weight"));
  }

  @Test
  void aSecondRunIntoTheSameFolderIsRefusedAndTouchesNothing() throws IOException {
    Path out = Files.createDirectories(dir.resolve("run"));
    try (RunLock _ = RunLock.acquire(out)) {
      assertOneSentenceError(run(train(out)), out + " is in use by another training run"
          + " (process " + ProcessHandle.current().pid());
    }
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(RunLock.FILE_NAME),
          files.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals(0, run(train(out)).status());  // the lock died with its holder
  }

  @Test
  void aDivergingRunExitsNonZeroAndKeepsOnlyFiniteCheckpoints() throws IOException {
    Path out = dir.resolve("run");
    Result r = run(train(out, "--lr", "1e6", "--checkpoint-steps", "1"));
    assertOneSentenceError(r, "training diverged: ", "newest finite checkpoint is");
    assertFalse(Files.exists(out.resolve("final.safetensors")));
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      for (Path p : files.toList()) {
        Safetensors checkpoint = Safetensors.read(p);
        for (String name : checkpoint.names()) {
          if (checkpoint.dtype(name) == DType.F32) {
            for (float v : checkpoint.floats(name)) {
              assertTrue(Float.isFinite(v), p + ": " + name);
            }
          }
        }
      }
    }
    assertFalse(Files.readString(out.resolve("metrics.csv")).contains("NaN"));
  }

  @Test
  void sizesAreCheckedBeforeAnythingIsAllocated() {
    assertOneSentenceError(2, run("synth", "--model", "PreActResNet20", "--batch", "700000",
        "--output", dir.resolve("x").toString()), "--batch 700000",
        "more than one Java array holds (2,147,483,639)");
    assertOneSentenceError(2, run("bench", "--model", "PreActResNet20", "--mode", "infer",
        "--threads", "100000"), "--threads must be from 1 to 256, got 100000");
  }

  @Test
  void negativeCountsAndDurationsAreUsageErrors() {
    assertOneSentenceError(2, run(train(dir.resolve("run"), "--checkpoint-steps", "-1")),
        "steps between checkpoints must be at least 0, got -1");
    assertOneSentenceError(2, run(train(dir.resolve("run"), "--checkpoint-minutes", "-1")),
        "minutes between checkpoints must be at least 0");
    assertOneSentenceError(2, run("bench", "--model", "ResNet20", "--mode", "infer",
        "--seconds", "-1"), "--seconds must be more than 0");
    assertOneSentenceError(2, run("infer", "--model", "ResNet20", "--weights", "w", "--input",
        "x", "--mode", "fast"), "'fast' is not a mode; use eval or train");
  }

  @Test
  void messagesNameWhatWasWrong() throws IOException {
    assertOneSentenceError(run("eval", "--model", "ResNet20", "--weights", dir.toString(),
        "--data", "synthetic"), dir + " is a folder, not a safetensors file");
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertOneSentenceError(run(train(file)), "--output " + file + " is a file, but training"
        + " writes a folder");
    assertOneSentenceError(run("train", "--model", "FashionPreActResNet20", "--data",
        "fashion-mnist:" + file, "--epochs", "1", "--output", dir.resolve("run").toString()),
        file + " is a file, but fashion-mnist:DIR names the folder");
  }

  @Test
  void aMegabyteTensorNameIsNotEchoedWhole() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    new Safetensors.Writer().putScalar("x".repeat(1 << 20), 1f).write(weights);
    Path batch = dir.resolve("x.safetensors");
    run("synth", "--model", "ResNet20", "--batch", "1", "--output", batch.toString());
    Result r = run("infer", "--model", "ResNet20", "--weights", weights.toString(), "--input",
        batch.toString());
    assertOneSentenceError(r, "(1048576 characters)");
    assertTrue(r.err().length() < 400, r.err().length() + " characters");
  }

  @Test
  void nonFiniteWeightsAndInputsAreRefusedNamingTheTensor() throws IOException {
    Path weights = dir.resolve("w.safetensors");
    Path batch = dir.resolve("x.safetensors");
    run("init", "--model", "ResNet20", "--output", weights.toString());
    run("synth", "--model", "ResNet20", "--batch", "2", "--output", batch.toString());
    Safetensors x = Safetensors.read(batch);
    float[] images = x.floats("input");
    images[3 * 32 * 32 + 5] = Float.NaN;
    Path bad = dir.resolve("bad-x.safetensors");
    new Safetensors.Writer().putFloats("input", x.shape("input"), images, 0).write(bad);
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights", weights.toString(),
        "--input", bad.toString()), "tensor 'input' holds NaN in image 1");

    Safetensors w = Safetensors.read(weights);
    Safetensors.Writer infinite = new Safetensors.Writer();
    for (String name : w.names()) {
      if (w.dtype(name) == DType.I64) {
        infinite.putLongs(name, w.shape(name), w.longs(name));
      } else {
        float[] values = w.floats(name);
        if (name.equals("fc.bias")) {
          values[2] = Float.NEGATIVE_INFINITY;
        }
        infinite.putFloats(name, w.shape(name), values, 0);
      }
    }
    Path badWeights = dir.resolve("bad-w.safetensors");
    infinite.write(badWeights);
    assertOneSentenceError(run("infer", "--model", "ResNet20", "--weights",
        badWeights.toString(), "--input", batch.toString()),
        "tensor 'fc.bias' holds -Infinity at index 2");
  }

  @Test
  void checkpointsAreReadWhereverWeightsAre() throws IOException {
    Path out = dir.resolve("run");
    assertEquals(0, run(train(out)).status());
    Path checkpoint;
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      checkpoint = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Result fromCheckpoint = run("eval", "--model", TINY, "--weights", checkpoint.toString(),
        "--data", TINY_DATA);
    Result fromFinal = run("eval", "--model", TINY, "--weights",
        out.resolve("final.safetensors").toString(), "--data", TINY_DATA);
    assertEquals(0, fromCheckpoint.status(), fromCheckpoint.err());
    assertEquals(fromFinal.out(), fromCheckpoint.out());

    // Exported weights keep what a program classifying new images needs.
    Path exported = dir.resolve("exported.safetensors");
    assertEquals(0, run("export", "--checkpoint", checkpoint.toString(), "--output",
        exported.toString()).status());
    var meta = Safetensors.read(exported).metadata();
    assertEquals(Safetensors.read(out.resolve("final.safetensors")).metadata(), meta);
    assertTrue(meta.containsKey(Normalization.MEAN_KEY), meta.toString());
  }

  @Test
  void inferPrintsTheMostProbableClassesOfAnImageFileByName() throws IOException {
    // Weights as train writes them for Fashion-MNIST: the data's name and normalisation.
    Path init = dir.resolve("init.safetensors");
    run("init", "--model", "FashionPreActResNet20", "--output", init.toString());
    Safetensors w = Safetensors.read(init);
    Safetensors.Writer writer = new Safetensors.Writer()
        .metadata("data", "fashion-mnist/train, fashion-mnist/test");
    new Normalization(new float[] {72.9f}, new float[] {90.0f}).metadata()
        .forEach(writer::metadata);
    for (String name : w.names()) {
      if (w.dtype(name) == DType.I64) {
        writer.putLongs(name, w.shape(name), w.longs(name));
      } else {
        writer.putFloats(name, w.shape(name), w.floats(name), 0);
      }
    }
    Path weights = dir.resolve("w.safetensors");
    writer.write(weights);

    BufferedImage shoe = new BufferedImage(90, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = shoe.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(10, 30, 70, 20);
    g.dispose();
    Path png = dir.resolve("shoe.png");
    ImageIO.write(shoe, "png", png.toFile());

    Result r = run("infer", "--model", "FashionPreActResNet20", "--weights", weights.toString(),
        "--image", png.toString(), "--top", "2");
    assertEquals(0, r.status(), r.err());
    String line = r.out().strip();
    assertTrue(line.startsWith("shoe.png: "), line);
    long named = ClassNames.FASHION_MNIST.stream().filter(line::contains).count();
    assertEquals(2, named, line);
    assertTrue(line.matches("shoe\\.png: .+ \\d+\\.\\d%, .+ \\d+\\.\\d%"), line);

    // Weights that do not record their normalisation need --data to read image files.
    assertOneSentenceError(run("infer", "--model", "FashionPreActResNet20", "--weights",
        init.toString(), "--image", png.toString()), "does not record how its training images"
        + " were normalised", "--data SOURCE");
    assertOneSentenceError(run("infer", "--model", "FashionPreActResNet20", "--weights",
        weights.toString(), "--image", init.toString()), "is not an image the JDK can read");
  }

  @Test
  void cifar100HasAHundredNames() {
    assertEquals(100, ClassNames.CIFAR100.size());
    assertEquals(100, ClassNames.CIFAR100.stream().distinct().count());
    assertEquals(ClassNames.CIFAR10, ClassNames.of("cifar10:/data", 10).orElseThrow());
    assertTrue(ClassNames.of("synthetic/train", 10).isEmpty());
  }
}
