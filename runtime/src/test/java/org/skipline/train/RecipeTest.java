package org.skipline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skipline.data.RandomErasing;

/** The learning-rate schedules, the moving average's decay and what resuming compares. */
class RecipeTest {

  private static Recipe with(Recipe.Schedule schedule, Recipe.Warmup warmup, int warmupSteps) {
    return new Recipe(10, 128, 0.1f, 0.9f, false, 1e-4f, List.of(0.5, 0.75), 0.1f, warmupSteps,
        0.01f, true, 0, 5, 0, 3, schedule, warmup, 0f, RandomErasing.NONE, 0f, false);
  }

  @Test
  void theStepScheduleIsThePapers() {
    Recipe paper = Recipe.paper(10, 128);
    assertEquals(0.1f, paper.learningRate(0, 1000));
    assertEquals(0.1f, paper.learningRate(499, 1000));
    assertEquals(0.1f * 0.1f, paper.learningRate(500, 1000));
    assertEquals(0.1f * 0.1f * 0.1f, paper.learningRate(999, 1000));
    Recipe warm = with(Recipe.Schedule.STEP, Recipe.Warmup.CONSTANT, 400);
    assertEquals(0.01f, warm.learningRate(399, 1000));
    assertEquals(0.1f, warm.learningRate(400, 1000));
  }

  @Test
  void cosineFallsFromTheRateToZeroAfterWarmup() {
    Recipe cosine = with(Recipe.Schedule.COSINE, Recipe.Warmup.CONSTANT, 100);
    assertEquals(0.01f, cosine.learningRate(99, 1100));
    assertEquals(0.1f, cosine.learningRate(100, 1100));
    assertEquals(0.05f, cosine.learningRate(600, 1100), 1e-8);
    assertEquals(0.1 * (1 + Math.cos(Math.PI * 0.25)) / 2, cosine.learningRate(350, 1100), 1e-8);
    float previous = Float.MAX_VALUE;
    for (long step = 100; step < 1100; step++) {
      float rate = cosine.learningRate(step, 1100);
      assertTrue(rate <= previous && rate > 0, "step " + step + ": " + rate);
      previous = rate;
    }
    assertTrue(previous < 1e-6, "the last step's rate is almost zero: " + previous);
  }

  @Test
  void linearFallsAlongAStraightLine() {
    Recipe linear = with(Recipe.Schedule.LINEAR, Recipe.Warmup.CONSTANT, 0);
    assertEquals(0.1f, linear.learningRate(0, 1000));
    assertEquals(0.075f, linear.learningRate(250, 1000), 1e-8);
    assertEquals(0.0001f, linear.learningRate(999, 1000), 1e-9);
  }

  @Test
  void linearWarmupRisesFromTheWarmupRateToTheRate() {
    Recipe warm = with(Recipe.Schedule.COSINE, Recipe.Warmup.LINEAR, 400);
    assertEquals(0.01f, warm.learningRate(0, 2000));
    assertEquals(0.055f, warm.learningRate(200, 2000), 1e-8);
    assertEquals(0.1f - 0.09f / 400, warm.learningRate(399, 2000), 1e-8);
    assertEquals(0.1f, warm.learningRate(400, 2000));
  }

  @Test
  void theAverageDecayRampsUpToItsValue() {
    Recipe best = Recipe.best(10, 128);
    assertEquals(0.1f, best.averageDecay(0));
    assertEquals(0.5f, best.averageDecay(8));
    assertEquals(0.999f, best.averageDecay(100_000));
  }

  @Test
  void everySwitchIsPartOfTheIdentityAndOffInThePapersRecipe() {
    Map<String, String> paper = Recipe.paper(10, 128).identity();
    Map<String, String> best = Recipe.best(10, 128).identity();
    for (String key : List.of("schedule", "warmup", "label_smoothing", "erasing", "ema_decay",
        "test_time_mirror")) {
      assertTrue(!paper.get(key).equals(best.get(key)), key + ": " + paper.get(key));
      assertEquals(paper.get(key), Recipe.identityBeforeSwitches().get(key));
    }
    assertEquals("step", paper.get("schedule"));
    assertEquals("none", paper.get("erasing"));
    assertEquals("0.5, area 0.02 to 0.4, aspect 0.3 to 3.3333333333333335", best.get("erasing"));
  }

  @Test
  void badSwitchValuesAreRefused() {
    IllegalArgumentException smoothing = assertThrows(IllegalArgumentException.class,
        () -> new Recipe(1, 8, 0.1f, 0.9f, false, 0, List.of(), 0.1f, 0, 0.01f, true, 0, 5, 0,
            3, Recipe.Schedule.STEP, Recipe.Warmup.CONSTANT, 1f, RandomErasing.NONE, 0f, false));
    assertEquals("label smoothing must be in [0, 1), got 1.0", smoothing.getMessage());
    IllegalArgumentException ema = assertThrows(IllegalArgumentException.class,
        () -> new Recipe(1, 8, 0.1f, 0.9f, false, 0, List.of(), 0.1f, 0, 0.01f, true, 0, 5, 0,
            3, Recipe.Schedule.STEP, Recipe.Warmup.CONSTANT, 0f, RandomErasing.NONE, 1f, false));
    assertEquals("the moving average's decay must be in (0, 1), or 0 for none, got 1.0",
        ema.getMessage());
  }
}
