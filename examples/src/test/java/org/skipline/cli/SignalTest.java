package org.skipline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skipline.cli.SkiplineTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.cli.SkiplineTest.Result;

/**
 * The signal through the units. Where a unit's output is its input plus its branch (Eq. 4), the
 * shortcut passes the next unit's input gradient on unchanged: its share of {@code dL/dx_l} is
 * {@code dL/dx_{l+1}} exactly, and the branch adds the rest.
 */
class SignalTest {

  @TempDir Path dir;

  @Test
  void theShortcutShareOfAnIdentityUnitIsTheNextUnitsWholeGradient() throws IOException {
    Result r = run("signal", "--model", "PreActResNet20", "--data", "synthetic:3x32x32:10:8:4",
        "--batch", "4", "--variants", "full-preactivation,relu-only-preactivation,original",
        "--output", dir.toString());
    assertEquals(0, r.status(), r.err());
    List<String[]> rows = Files.readAllLines(dir.resolve("signal.csv")).stream().skip(1)
        .map(line -> line.split(",", -1)).toList();
    assertEquals(3 * 9, rows.size());
    int compared = 0;
    for (int i = 0; i + 1 < rows.size(); i++) {
      String[] unit = rows.get(i);
      String[] next = rows.get(i + 1);
      assertTrue(Double.parseDouble(unit[5]) > 0, String.join(",", unit));
      boolean chained = unit[0].equals(next[0]) && !unit[0].equals("original")
          && unit[3].equals("identity") && unit[2].equals(next[2]);
      if (chained) {
        assertEquals(next[5], unit[6], "unit " + unit[1] + " of " + unit[0]);
        // Through identities alone, the stage's last gradient reaches every unit unchanged.
        if (next[3].equals("identity")) {
          assertEquals(next[8], unit[8], "shortcut path at unit " + unit[1] + " of " + unit[0]);
        }
        compared++;
      }
    }
    assertEquals(2 * 4, compared, "identity units followed by a unit of the same stage");
    // Each stage's shortcut path starts from the true gradient at its last unit, in every order.
    int stageEnds = 0;
    for (int i = 0; i < rows.size(); i++) {
      String[] unit = rows.get(i);
      boolean last = i + 1 == rows.size() || !rows.get(i + 1)[0].equals(unit[0])
          || !rows.get(i + 1)[2].equals(unit[2]);
      if (last) {
        assertEquals(unit[6], unit[8], "path at the end of stage " + unit[2] + " of " + unit[0]);
        stageEnds++;
      }
    }
    assertEquals(3 * 3, stageEnds);
    // A projection unit's shortcut is not the identity: no shares are claimed for it.
    String[] firstOfStage2 = rows.get(3);
    assertEquals("projection", firstOfStage2[3]);
    assertEquals("", firstOfStage2[6]);
    assertEquals("", firstOfStage2[8]);
    assertTrue(Files.size(dir.resolve("signal.png")) > 1000);
  }

  @Test
  void aScaledShortcutPassesOnLambdaTimesTheNextUnitsGradient() throws IOException {
    Result r = run("signal", "--model", "PreActResNet20", "--data", "synthetic:3x32x32:10:8:4",
        "--batch", "4", "--variants", "constant-scaling", "--output", dir.toString());
    assertEquals(0, r.status(), r.err());
    List<String[]> rows = Files.readAllLines(dir.resolve("signal.csv")).stream().skip(1)
        .map(line -> line.split(",", -1)).toList();
    assertEquals(9, rows.size());
    int compared = 0;
    int paths = 0;
    for (int i = 0; i + 1 < rows.size(); i++) {
      String[] unit = rows.get(i);
      String[] next = rows.get(i + 1);
      if (unit[3].equals("identity") && unit[2].equals(next[2])) {
        // Halving is exact in binary, so only the printed digits can differ.
        double expected = 0.5 * Double.parseDouble(next[5]);
        assertEquals(expected, Double.parseDouble(unit[6]), 1e-6 * expected,
            "unit " + unit[1]);
        // Eq. 5's first term: the shortcuts alone halve it at every unit they pass.
        if (next[3].equals("identity")) {
          double path = 0.5 * Double.parseDouble(next[8]);
          assertEquals(path, Double.parseDouble(unit[8]), 1e-6 * path, "path at " + unit[1]);
          paths++;
        }
        compared++;
      }
    }
    assertEquals(4, compared, "identity units followed by a unit of the same stage");
    assertEquals(4, paths, "identity units followed by an identity unit of the same stage");
  }
}
