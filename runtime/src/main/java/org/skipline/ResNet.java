package org.skipline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a CIFAR-style residual network of He, Zhang, Ren and Sun, "Identity Mappings in Deep
 * Residual Networks" (2016). The Skipline annotation processor validates the values at compile
 * time and writes a class named after the annotated one plus {@code Network} that holds the whole
 * unrolled residual stack as straight-line Java.
 *
 * <pre>{@code
 * @ResNet(depth = 164, preActivation = true)
 * public class Cifar164 {}
 *
 * Cifar164Network net = new Cifar164Network(128);   // buffers for batches of up to 128 images
 * }</pre>
 *
 * <p>The depth fixes the number of units: {@code 6n+2} for basic units (two 3x3 convolutions),
 * {@code 9n+2} for bottleneck units (1x1, 3x3, 1x1), with {@code n} units in each of three stages.
 *
 * <p>Retained at run time so that the launcher can plan and interpret a spec class it finds on
 * the class path even when its generated class is absent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ResNet {

  /**
   * Number of weight layers: the stem convolution, every convolution of the residual branches and
   * the fully connected layer (projection shortcuts are not counted, as in the papers).
   */
  int depth();

  /**
   * {@code true}: the full pre-activation unit (BN, ReLU, conv, ...; nothing after the addition).
   * {@code false}: the original unit (conv, BN, ReLU, ...; ReLU after the addition). The short
   * form of {@link #activation()}'s two most used designs.
   */
  boolean preActivation() default true;

  /**
   * Where the unit's batch norms and ReLUs go (the paper's Fig. 4); {@link ActivationOrder#AUTO}
   * follows {@link #preActivation()}. Giving {@code preActivation} explicitly with an order that
   * contradicts it is a compile-time error.
   */
  ActivationOrder activation() default ActivationOrder.AUTO;

  /**
   * Basic or bottleneck units; {@link UnitType#AUTO} derives it from the depth (see {@link
   * UnitType#AUTO} for the rule where both fit).
   */
  UnitType unit() default UnitType.AUTO;

  /** Channels of the input images. */
  int inputChannels() default 3;

  /** Height of the input images in pixels; at least 4 for the two stride-2 stages. */
  int inputHeight() default 32;

  /** Width of the input images in pixels; at least 4 for the two stride-2 stages. */
  int inputWidth() default 32;

  /** Number of classes of the final fully connected layer. */
  int classes() default 10;

  /**
   * Channels of the stem and of the first stage's residual branch; the stages use {@code 1x, 2x,
   * 4x} this width (bottleneck units expand their output by a further 4).
   */
  int baseWidth() default 16;

  /** Where a downsampling bottleneck unit puts its stride; basic units ignore it. */
  DownsampleStride bottleneckStride() default DownsampleStride.FIRST_1X1;

  /** The shortcut variant of every unit (the paper's Table 1). */
  Shortcut shortcut() default Shortcut.IDENTITY;

  /**
   * {@link Shortcut#CONSTANT_SCALING}'s {@code lambda}, in {@code (0, 1]}; giving it with another
   * shortcut is a compile-time error.
   */
  double shortcutScale() default 0.5;

  /**
   * {@link Shortcut#CONSTANT_SCALING} only: scale the residual branch by {@code 1 - lambda} too.
   */
  boolean scaleBranch() default false;

  /**
   * The initial bias of the gating shortcuts' gate, in {@code [-30, 30]}; the paper's -6 keeps
   * the gates nearly open for the shortcut at the start.
   */
  double gateBias() default -6.0;

  /** {@link Shortcut#DROPOUT}'s probability of dropping a shortcut value, in {@code [0, 1)}. */
  double shortcutDropout() default 0.5;
}
