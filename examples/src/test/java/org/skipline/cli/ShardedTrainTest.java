package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.skipline.cli.SkiplineTest.assertOneSentenceError;
import static org.skipline.cli.SkiplineTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.cli.SkiplineTest.Result;

/**
 * {@code train --shards W} and {@code train --spark local[W]} write the same final weights, which
 * differ from a whole-batch run's; a split that cannot work is a usage error.
 */
class ShardedTrainTest {

  private static final String MODEL = "org.skipline.examples.testnets.TinyPreActBasic";
  private static final String DATA = "synthetic:3x8x8:3:96:48";

  @TempDir Path dir;

  private byte[] train(String name, String... split) throws IOException {
    Path out = dir.resolve(name);
    String[] args = {"train", "--model", MODEL, "--data", DATA, "--epochs", "2", "--batch", "16",
        "--out", out.toString()};
    String[] all = Arrays.copyOf(args, args.length + split.length);
    System.arraycopy(split, 0, all, args.length, split.length);
    Result r = run(all);
    assertEquals(0, r.status(), r.err());
    return Files.readAllBytes(out.resolve("final.safetensors"));
  }

  @Test
  void sparkWritesTheWeightsOfTheSameShardsHere() throws IOException {
    byte[] shards = train("shards", "--shards", "2");
    byte[] spark = train("spark", "--spark", "local[2]");
    assertArrayEquals(shards, spark);
    assertFalse(Arrays.equals(shards, train("whole")));
    assertArrayEquals(train("shards-rounds", "--shards", "2", "--sync-every", "3"),
        train("spark-rounds", "--spark", "local[2]", "--sync-every", "3"));
  }

  @Test
  void splitsThatCannotWorkAreUsageErrors() {
    String out = dir.resolve("x").toString();
    assertOneSentenceError(2, run("train", "--model", MODEL, "--data", DATA, "--epochs", "1",
        "--batch", "16", "--out", out, "--shards", "9"),
        "a batch of 16 images cannot be split into 9 shards of at least 2 images each");
    assertOneSentenceError(2, run("train", "--model", MODEL, "--data", DATA, "--epochs", "1",
        "--batch", "16", "--out", out, "--workers", "2"), "--workers goes with --spark");
    assertOneSentenceError(2, run("train", "--model", MODEL, "--data", DATA, "--epochs", "1",
        "--batch", "16", "--out", out, "--sync-every", "4"), "--sync-every goes with --shards");
  }
}
