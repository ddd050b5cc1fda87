package org.skipline.plan;

import org.skipline.ActivationOrder;
import org.skipline.DownsampleStride;
import org.skipline.ResNet;
import org.skipline.Shortcut;
import org.skipline.UnitType;

/**
 * The values of one {@link ResNet} annotation as plain data, so that validation and planning run
 * without a compiler (in unit tests, in the processor and in the launcher alike).
 *
 * @param name simple name of the annotated class, used in messages and documentation
 */
public record Spec(
    String name,
    int depth,
    boolean preActivation,
    UnitType unit,
    int inputChannels,
    int inputHeight,
    int inputWidth,
    int classes,
    int baseWidth,
    DownsampleStride bottleneckStride,
    ActivationOrder activation,
    Shortcut shortcut,
    double shortcutScale,
    boolean scaleBranch,
    double gateBias,
    double shortcutDropout) {

  /** The annotation's default {@link ResNet#shortcutScale()}. */
  public static final double DEFAULT_SHORTCUT_SCALE = 0.5;
  /** The annotation's default {@link ResNet#gateBias()}. */
  public static final double DEFAULT_GATE_BIAS = -6.0;
  /** The annotation's default {@link ResNet#shortcutDropout()}. */
  public static final double DEFAULT_SHORTCUT_DROPOUT = 0.5;

  /** A spec with identity shortcuts. */
  public Spec(String name, int depth, boolean preActivation, UnitType unit, int inputChannels,
      int inputHeight, int inputWidth, int classes, int baseWidth,
      DownsampleStride bottleneckStride, ActivationOrder activation) {
    this(name, depth, preActivation, unit, inputChannels, inputHeight, inputWidth, classes,
        baseWidth, bottleneckStride, activation, Shortcut.IDENTITY, DEFAULT_SHORTCUT_SCALE,
        false, DEFAULT_GATE_BIAS, DEFAULT_SHORTCUT_DROPOUT);
  }

  /** A spec whose activation order follows {@code preActivation}. */
  public Spec(String name, int depth, boolean preActivation, UnitType unit, int inputChannels,
      int inputHeight, int inputWidth, int classes, int baseWidth,
      DownsampleStride bottleneckStride) {
    this(name, depth, preActivation, unit, inputChannels, inputHeight, inputWidth, classes,
        baseWidth, bottleneckStride, ActivationOrder.AUTO);
  }

  /** The unit design this spec builds: {@link #activation}, or the one preActivation names. */
  public ActivationOrder order() {
    if (activation != ActivationOrder.AUTO) {
      return activation;
    }
    return preActivation ? ActivationOrder.FULL_PREACTIVATION : ActivationOrder.ORIGINAL;
  }

  /** A copy with another activation order, for comparing designs of one network. */
  public Spec withActivation(ActivationOrder order) {
    return new Spec(name, depth, order == ActivationOrder.FULL_PREACTIVATION, unit, inputChannels,
        inputHeight, inputWidth, classes, baseWidth, bottleneckStride, order, shortcut,
        shortcutScale, scaleBranch, gateBias, shortcutDropout);
  }

  /**
   * A copy with another shortcut variant and the annotation's defaults for its values, for
   * comparing variants of one network.
   */
  public Spec withShortcut(Shortcut variant) {
    return new Spec(name, depth, preActivation, unit, inputChannels, inputHeight, inputWidth,
        classes, baseWidth, bottleneckStride, activation, variant, DEFAULT_SHORTCUT_SCALE, false,
        DEFAULT_GATE_BIAS, DEFAULT_SHORTCUT_DROPOUT);
  }

  /** The spec of a class annotated with {@link ResNet}, read reflectively. */
  public static Spec of(Class<?> specClass) {
    ResNet a = specClass.getAnnotation(ResNet.class);
    if (a == null) {
      throw new IllegalArgumentException(
          specClass.getName() + " is not annotated with @" + ResNet.class.getSimpleName());
    }
    return new Spec(
        specClass.getSimpleName(),
        a.depth(),
        a.preActivation(),
        a.unit(),
        a.inputChannels(),
        a.inputHeight(),
        a.inputWidth(),
        a.classes(),
        a.baseWidth(),
        a.bottleneckStride(),
        a.activation(),
        a.shortcut(),
        a.shortcutScale(),
        a.scaleBranch(),
        a.gateBias(),
        a.shortcutDropout());
  }

  /** A spec with every optional value at its annotation default. */
  public static Spec defaults(String name, int depth, boolean preActivation) {
    return new Spec(
        name, depth, preActivation, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1);
  }

  /** Units per stage for basic units, or -1 when the depth is not {@code 6n+2}. */
  static int basicUnits(int depth) {
    return depth >= 8 && (depth - 2) % 6 == 0 ? (depth - 2) / 6 : -1;
  }

  /** Units per stage for bottleneck units, or -1 when the depth is not {@code 9n+2}. */
  static int bottleneckUnits(int depth) {
    return depth >= 11 && (depth - 2) % 9 == 0 ? (depth - 2) / 9 : -1;
  }

  /**
   * The unit type this spec builds: the given one, or for {@link UnitType#AUTO} the one the depth
   * fits (see {@link UnitType#AUTO}); {@code null} when the depth fits no rule.
   */
  public UnitType resolvedUnit() {
    boolean basic = basicUnits(depth) > 0;
    boolean bottleneck = bottleneckUnits(depth) > 0;
    return switch (unit) {
      case BASIC -> basic ? UnitType.BASIC : null;
      case BOTTLENECK -> bottleneck ? UnitType.BOTTLENECK : null;
      case AUTO -> {
        if (basic && bottleneck) {
          yield depth >= UnitType.BOTTLENECK_FROM_DEPTH ? UnitType.BOTTLENECK : UnitType.BASIC;
        }
        yield basic ? UnitType.BASIC : bottleneck ? UnitType.BOTTLENECK : null;
      }
    };
  }

  /** The annotation as it would be written, with only the values that differ from defaults. */
  public String annotationText() {
    StringBuilder s = new StringBuilder("@ResNet(depth = ").append(depth);
    s.append(", preActivation = ").append(preActivation);
    if (unit != UnitType.AUTO) {
      s.append(", unit = ").append(unit);
    }
    if (inputChannels != 3) {
      s.append(", inputChannels = ").append(inputChannels);
    }
    if (inputHeight != 32) {
      s.append(", inputHeight = ").append(inputHeight);
    }
    if (inputWidth != 32) {
      s.append(", inputWidth = ").append(inputWidth);
    }
    if (classes != 10) {
      s.append(", classes = ").append(classes);
    }
    if (baseWidth != 16) {
      s.append(", baseWidth = ").append(baseWidth);
    }
    if (bottleneckStride != DownsampleStride.FIRST_1X1) {
      s.append(", bottleneckStride = ").append(bottleneckStride);
    }
    if (activation != ActivationOrder.AUTO) {
      s.append(", activation = ").append(activation);
    }
    if (shortcut != Shortcut.IDENTITY) {
      s.append(", shortcut = ").append(shortcut);
    }
    if (shortcutScale != DEFAULT_SHORTCUT_SCALE) {
      s.append(", shortcutScale = ").append(shortcutScale);
    }
    if (scaleBranch) {
      s.append(", scaleBranch = true");
    }
    if (gateBias != DEFAULT_GATE_BIAS) {
      s.append(", gateBias = ").append(gateBias);
    }
    if (shortcutDropout != DEFAULT_SHORTCUT_DROPOUT) {
      s.append(", shortcutDropout = ").append(shortcutDropout);
    }
    return s.append(")").toString();
  }
}
