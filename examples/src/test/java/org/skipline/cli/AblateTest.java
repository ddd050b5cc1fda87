package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skipline.cli.SkiplineTest.assertOneSentenceError;
import static org.skipline.cli.SkiplineTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.cli.SkiplineTest.Result;

/** The study command: one run per variant and seed, resumable, summed up as the paper does. */
class AblateTest {

  @TempDir Path dir;

  private String[] ablate(Path out, String variants) {
    return new String[] {"ablate", "--model", "org.skipline.examples.testnets.TinyPreActBasic",
        "--variants", variants, "--data", "synthetic:3x8x8:3:64:32", "--epochs", "1", "--batch",
        "16", "--seeds", "2", "--output", out.toString()};
  }

  @Test
  void fourVariantsTwoSeedsThenAKilledStudyFinishesWithoutRedoingFinishedRuns()
      throws IOException {
    Path out = dir.resolve("study");
    String variants = "original,bn-after-addition,relu-only-preactivation,full-preactivation";
    Result first = run(ablate(out, variants));
    assertEquals(0, first.status(), first.err());
    List<String> csv = Files.readAllLines(out.resolve("ablation.csv"));
    assertEquals("variant,seed,parameters,train_loss,test_loss,test_accuracy,test_error,seconds",
        csv.getFirst());
    assertEquals(1 + 4 * 2, csv.size(), csv.toString());
    assertTrue(csv.get(3).startsWith("bn-after-addition,0,"), csv.toString());
    String table = Files.readString(out.resolve("ablation.md"));
    for (String v : variants.split(",")) {
      assertTrue(table.contains("| " + v + " | "), table);
    }
    assertTrue(Files.size(out.resolve("ablation.png")) > 1000);

    // A kill in the middle of the last run: its final weights and newest checkpoint are gone.
    Path killed = out.resolve("full-preactivation/seed-1");
    Files.delete(killed.resolve("final.safetensors"));
    try (Stream<Path> files = Files.list(killed.resolve("checkpoints"))) {
      Files.delete(files.sorted().toList().getLast());
    }
    Path finished = out.resolve("original/seed-0/final.safetensors");
    FileTime before = Files.getLastModifiedTime(finished);
    Result again = run(ablate(out, variants));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("original, seed 0: finished earlier, kept"), again.out());
    assertTrue(again.out().contains("full-preactivation, seed 1: training")
        || again.out().contains("full-preactivation, seed 1: resuming"), again.out());
    assertEquals(before, Files.getLastModifiedTime(finished));
    assertTrue(Files.exists(killed.resolve("final.safetensors")));
    assertEquals(csv.subList(0, 7), Files.readAllLines(out.resolve("ablation.csv")).subList(0, 7)
        .stream().toList());
  }

  @Test
  void unknownVariantsAreRefusedWithEveryName() {
    assertOneSentenceError(2, run(ablate(dir.resolve("a"), "original,sideways")),
        "'sideways' is not a variant; use original, bn-after-addition, relu-before-addition,"
            + " relu-only-preactivation, full-preactivation, identity, constant-scaling,"
            + " exclusive-gating, shortcut-only-gating, conv-shortcut or dropout-shortcut, or"
            + " ORDER+SHORTCUT such as original+constant-scaling");
  }

  @Test
  void theShortcutVariantsRunOnTheModelsActivationOrder() throws IOException {
    Path out = dir.resolve("table1");
    String[] args = ablate(out, "identity,constant-scaling,exclusive-gating,dropout-shortcut");
    args[args.length - 3] = "1";  // one seed
    Result r = run(args);
    assertEquals(0, r.status(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("ablation.csv"));
    assertEquals(1 + 4, csv.size(), csv.toString());
    long identity = Long.parseLong(csv.get(1).split(",")[2]);
    assertEquals(identity, Long.parseLong(csv.get(2).split(",")[2]), "scaling adds nothing");
    assertTrue(Long.parseLong(csv.get(3).split(",")[2]) > identity, "gates add parameters");
    assertTrue(csv.get(4).startsWith("dropout-shortcut,0,"), csv.toString());
    assertTrue(Files.readString(out.resolve("ablation.md")).contains("| exclusive-gating | "));
  }
}
