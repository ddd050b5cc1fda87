package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.plan.SpecProblem.Tag;

/** Every validation message, without a compiler; the processor tests check where they land. */
class SpecValidatorTest {

  private static Spec spec(int depth, UnitType unit, int channels, int height, int width,
      int classes, int base) {
    return new Spec("Net", depth, true, unit, channels, height, width, classes, base,
        DownsampleStride.FIRST_1X1);
  }

  @Test
  void standardDepthsAreValid() {
    for (int depth : new int[] {20, 32, 44, 56, 110, 164, 1001, 1202}) {
      assertEquals(List.of(), SpecValidator.validate(Spec.defaults("Net", depth, true)));
    }
  }

  @Test
  void depthFittingNeitherRuleNamesBothNeighbours() {
    List<SpecProblem> problems = SpecValidator.validate(Spec.defaults("Net", 165, true));
    assertEquals(1, problems.size());
    SpecProblem p = problems.getFirst();
    assertEquals("depth", p.attribute());
    assertEquals(Tag.ResNetDepth, p.tag());
    assertEquals("[ResNetDepth] depth 165 is not 6n+2 (basic units) or 9n+2 (bottleneck units)"
        + " for any n >= 1; nearest valid: 164 (bottleneck) or 170 (basic)", p.message());
  }

  @Test
  void depthMustFitTheUnitAskedFor() {
    SpecProblem p = SpecValidator.validate(spec(163, UnitType.BOTTLENECK, 3, 32, 32, 10, 16))
        .getFirst();
    assertEquals("[ResNetDepth] depth 163 is not 9n+2 (n >= 1) for bottleneck units;"
        + " nearest valid: 155 (bottleneck) or 164 (bottleneck)", p.message());
    p = SpecValidator.validate(spec(1001, UnitType.BASIC, 3, 32, 32, 10, 16)).getFirst();
    assertTrue(p.message().contains("nearest valid: 998 (basic) or 1004 (basic)"), p.message());
  }

  @Test
  void tooDeepAndTooShallow() {
    assertTrue(SpecValidator.validate(Spec.defaults("Net", 5000, true)).getFirst().message()
        .contains("above the deepest supported network, 2000"));
    assertTrue(SpecValidator.validate(Spec.defaults("Net", 2, true)).getFirst().message()
        .contains("nearest valid: 8 (basic)"));
    // Zero and negative depths name the smallest network too, not an empty choice.
    for (int depth : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertTrue(SpecValidator.validate(Spec.defaults("Net", depth, true)).getFirst().message()
          .endsWith("nearest valid: 8 (basic)"), "depth " + depth);
    }
    assertTrue(SpecValidator.validate(Spec.defaults("Net", 5000, true)).getFirst().message()
        .endsWith("nearest valid: 2000 (bottleneck)"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<SpecProblem> problems = SpecValidator.validate(spec(21, UnitType.AUTO, 0, 2, -1, 1, 0));
    assertEquals(List.of("depth", "inputChannels", "inputHeight", "inputWidth", "classes",
        "baseWidth"), problems.stream().map(SpecProblem::attribute).toList());
    assertEquals(List.of(Tag.ResNetDepth, Tag.ResNetSize, Tag.ResNetInput, Tag.ResNetSize,
        Tag.ResNetSize, Tag.ResNetSize), problems.stream().map(SpecProblem::tag).toList());
    assertEquals("[ResNetInput] inputHeight = 2 is too small for the two stride-2 stages, which"
        + " need at least 4 pixels; nearest valid: 4", problems.get(2).message());
    assertEquals("[ResNetSize] classes = 1: the number of classes must be at least 2; nearest"
        + " valid: 2", problems.get(4).message());
  }

  @Test
  void networksTooLargeForJavaArraysAreRejected() {
    List<SpecProblem> problems = SpecValidator.validate(spec(1001, UnitType.AUTO, 3, 32, 32, 10,
        4096));
    assertEquals(Tag.ResNetMemory, problems.getFirst().tag());
  }

  @Test
  void autoPrefersBottleneckFrom164() {
    assertEquals(UnitType.BASIC, Spec.defaults("a", 110, true).resolvedUnit());
    assertEquals(UnitType.BOTTLENECK, Spec.defaults("a", 164, true).resolvedUnit());
    assertEquals(UnitType.BASIC, spec(164, UnitType.BASIC, 3, 32, 32, 10, 16).resolvedUnit());
  }
}
