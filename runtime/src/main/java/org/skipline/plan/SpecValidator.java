package org.skipline.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.plan.SpecProblem.Tag;

/**
 * Checks a {@link Spec} and reports every problem at once, each pointing at the annotation
 * attribute that is wrong. Messages are formatted in the root locale so that they read the same
 * on every build machine.
 */
public final class SpecValidator {

  /** Deepest supported network; keeps one generated class within the class-file limits. */
  public static final int MAX_DEPTH = 2000;

  /** Smallest input side: each of the two stride-2 stages must halve at least two pixels. */
  public static final int MIN_INPUT_SIDE = 4;

  private SpecValidator() {}

  /** All problems of the spec, in attribute order; empty when it is valid. */
  public static List<SpecProblem> validate(Spec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    checkDepth(spec, problems);
    checkPositive("inputChannels", "input channels", spec.inputChannels(), 1, problems);
    checkSide("inputHeight", "input height", spec.inputHeight(), problems);
    checkSide("inputWidth", "input width", spec.inputWidth(), problems);
    checkPositive("classes", "number of classes", spec.classes(), 2, problems);
    checkPositive("baseWidth", "base width", spec.baseWidth(), 1, problems);
    checkShortcutValues(spec, problems);
    if (problems.isEmpty()) {
      try {
        Planner.planUnchecked(spec);
      } catch (ArithmeticException e) {
        problems.add(new SpecProblem(null, Tag.ResNetMemory, String.format(Locale.ROOT,
            "%s is too large: its buffers would exceed %,d floats, the most a Java array holds;"
                + " reduce depth, baseWidth or the input size",
            spec.annotationText(), Integer.MAX_VALUE)));
      }
    }
    return problems;
  }

  /** Largest magnitude of {@link Spec#gateBias()}: beyond it the sigmoid saturates in float. */
  public static final double MAX_GATE_BIAS = 30;

  /** The shortcut variant's values, each in its range (given or not, as the defaults are). */
  private static void checkShortcutValues(Spec spec, List<SpecProblem> problems) {
    if (!(spec.shortcutScale() > 0 && spec.shortcutScale() <= 1)) {
      problems.add(new SpecProblem("shortcutScale", Tag.ResNetVariant, String.format(Locale.ROOT,
          "shortcutScale = %s is outside (0, 1]; the paper scales the shortcut by 0.5",
          spec.shortcutScale())));
    }
    if (!(Math.abs(spec.gateBias()) <= MAX_GATE_BIAS)) {
      problems.add(new SpecProblem("gateBias", Tag.ResNetVariant, String.format(Locale.ROOT,
          "gateBias = %s is outside [-%s, %s], where the gate's sigmoid would start saturated"
              + " in float; the paper uses -6", spec.gateBias(), MAX_GATE_BIAS,
          MAX_GATE_BIAS)));
    }
    if (!(spec.shortcutDropout() >= 0 && spec.shortcutDropout() < 1)) {
      problems.add(new SpecProblem("shortcutDropout", Tag.ResNetVariant, String.format(
          Locale.ROOT, "shortcutDropout = %s is outside [0, 1): it is the probability of"
              + " dropping a shortcut value, and 1 would drop them all", spec.shortcutDropout())));
    }
  }

  private static void checkDepth(Spec spec, List<SpecProblem> problems) {
    int depth = spec.depth();
    if (depth > MAX_DEPTH) {
      problems.add(new SpecProblem("depth", Tag.ResNetDepth, String.format(Locale.ROOT,
          "depth %d is above the deepest supported network, %d; nearest valid: %s",
          depth, MAX_DEPTH, nearestDepths(spec.unit(), MAX_DEPTH + 1))));
      return;
    }
    if (spec.resolvedUnit() != null) {
      return;
    }
    String rule = switch (spec.unit()) {
      case BASIC -> "6n+2 (n >= 1) for basic units";
      case BOTTLENECK -> "9n+2 (n >= 1) for bottleneck units";
      case AUTO -> "6n+2 (basic units) or 9n+2 (bottleneck units) for any n >= 1";
    };
    problems.add(new SpecProblem("depth", Tag.ResNetDepth, String.format(Locale.ROOT,
        "depth %d is not %s; nearest valid: %s", depth, rule,
        nearestDepths(spec.unit(), depth))));
  }

  /** The valid depths just below and just above {@code depth}, with their unit types. */
  static String nearestDepths(UnitType unit, int depth) {
    List<String> choices = new ArrayList<>();
    for (int step : new int[] {-1, 1}) {
      // Start inside the valid range, so that a depth of 0 or below still finds the smallest.
      int start = (int) (step > 0 ? Math.max(depth + 1L, 1) : Math.min(depth - 1L, MAX_DEPTH));
      for (int d = start; d >= 1 && d <= MAX_DEPTH; d += step) {
        UnitType resolved = resolve(unit, d);
        if (resolved != null) {
          choices.add(d + " (" + resolved.name().toLowerCase(Locale.ROOT) + ")");
          break;
        }
      }
    }
    return String.join(" or ", choices);
  }

  private static UnitType resolve(UnitType unit, int depth) {
    return new Spec("", depth, true, unit, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1)
        .resolvedUnit();
  }

  private static void checkPositive(String attribute, String what, int value, int min,
      List<SpecProblem> problems) {
    if (value < min) {
      problems.add(new SpecProblem(attribute, Tag.ResNetSize, String.format(Locale.ROOT,
          "%s = %d: the %s must be at least %d; nearest valid: %d", attribute, value, what, min,
          min)));
    }
  }

  private static void checkSide(String attribute, String what, int value,
      List<SpecProblem> problems) {
    if (value < 1) {
      checkPositive(attribute, what, value, MIN_INPUT_SIDE, problems);
    } else if (value < MIN_INPUT_SIDE) {
      problems.add(new SpecProblem(attribute, Tag.ResNetInput, String.format(Locale.ROOT,
          "%s = %d is too small for the two stride-2 stages, which need at least %d pixels;"
              + " nearest valid: %d", attribute, value, MIN_INPUT_SIDE, MIN_INPUT_SIDE)));
    }
  }
}
