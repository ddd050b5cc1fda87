package org.skipline.examples;

import static org.skipline.examples.PreActResNet20Network.Offsets.*;

import javax.annotation.processing.Generated;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Network;

/**
 * The full pre-activation network of {@link PreActResNet20}: 20 layers of basic units.
 *
 * <p>Depth 20 = 6 * 3 + 2: a 3x3 stem convolution, three stages of 3 basic units (2 convolutions each) and a fully connected layer.
 * Stage outputs: 16 channels at 32x32, 32 channels at 16x16, 64 channels at 8x8.
 * Input (N,3,32,32), 10 classes. 272,282 parameters; 40,813,184 multiply-adds per image.
 * Memory: 1,028,392 bytes per image in training and 208,896 in inference, plus 3,868,216 fixed.
 *
 * <pre>{@code
 * PreActResNet20Network net = new PreActResNet20Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,3,32,32], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 20, preActivation = true)"
)
public final class PreActResNet20Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("PreActResNet20", 20, true, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public PreActResNet20Network(int capacity) {
    super(PLAN, capacity);
  }

  private PreActResNet20Network(PreActResNet20Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new PreActResNet20Network(this);
  }

  @Override
  protected void forwardPass() {
    forwardStem();
    forwardStage1Unit1();
    forwardStage1Unit2();
    forwardStage1Unit3();
    forwardStage2Unit1();
    forwardStage2Unit2();
    forwardStage2Unit3();
    forwardStage3Unit1();
    forwardStage3Unit2();
    forwardStage3Unit3();
    forwardHead();
  }

  @Override
  protected void backwardPass() {
    backwardHead();
    backwardStage3Unit3();
    backwardStage3Unit2();
    backwardStage3Unit1();
    backwardStage2Unit3();
    backwardStage2Unit2();
    backwardStage2Unit1();
    backwardStage1Unit3();
    backwardStage1Unit2();
    backwardStage1Unit1();
    backwardStem();
  }

  /**
   * The stem: a 3x3 convolution; the first unit's BN+ReLU follows.
   */
  private void forwardStem() {
    // stem: 3x3 conv, stride 1, padding 1, (N,3,32,32) -> (N,16,32,32)
    conv(STEM_WEIGHT, INPUT, STEM_OUT, 3, 32, 32, 16, 3, 1, 1);
  }

  /**
   * The stem: a 3x3 convolution; the first unit's BN+ReLU follows.
   */
  private void backwardStem() {
    // stem: 3x3 conv, stride 1, padding 1, (N,3,32,32) -> (N,16,32,32)
    convBackwardWeightOnly(STEM_WEIGHT, INPUT, STEM_OUT, 3, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 3 ({@code blocks.0}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage1Unit1() {
    // bn1 + relu (N,16,32,32)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, STEM_OUT, BLOCKS_0_OUT, 16, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 3 ({@code blocks.0}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage1Unit1() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 1, unit 2 of 3 ({@code blocks.1}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage1Unit2() {
    // bn1 + relu (N,16,32,32)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_0_OUT, BLOCKS_1_OUT, 16, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 2 of 3 ({@code blocks.1}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage1Unit2() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 1, unit 3 of 3 ({@code blocks.2}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage1Unit3() {
    // bn1 + relu (N,16,32,32)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_1_OUT, BLOCKS_2_OUT, 16, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 3 of 3 ({@code blocks.2}): full pre-activation basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage1Unit3() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 2, unit 1 of 3 ({@code blocks.3}): full pre-activation basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void forwardStage2Unit1() {
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_3_BN1_WEIGHT, BLOCKS_3_BN1_STATE, BLOCKS_2_OUT, BLOCKS_3_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_3_CONV1_WEIGHT, BLOCKS_3_BN1_OUT, BLOCKS_3_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
    // bn2 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_3_BN2_WEIGHT, BLOCKS_3_BN2_STATE, BLOCKS_3_CONV1_OUT, BLOCKS_3_BN2_OUT, 32, 16 * 16, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_3_PROJ_WEIGHT, BLOCKS_3_BN1_OUT, BLOCKS_3_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_3_CONV2_WEIGHT, BLOCKS_3_BN2_OUT, BLOCKS_3_PROJ_OUT, BLOCKS_3_OUT, 32, 16, 16, 32, 3, 1, 1);
  }

  /**
   * Stage 2, unit 1 of 3 ({@code blocks.3}): full pre-activation basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void backwardStage2Unit1() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut proj: the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_3_CONV2_WEIGHT, BLOCKS_3_BN2_OUT, BLOCKS_3_OUT, 32, 16, 16, 32, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_3_PROJ_WEIGHT, BLOCKS_3_BN1_OUT, BLOCKS_3_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // bn2 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_3_BN2_WEIGHT, BLOCKS_3_BN2_STATE, BLOCKS_3_CONV1_OUT, BLOCKS_3_BN2_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_3_CONV1_WEIGHT, BLOCKS_3_BN1_OUT, BLOCKS_3_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_3_BN1_WEIGHT, BLOCKS_3_BN1_STATE, BLOCKS_2_OUT, BLOCKS_3_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 2, unit 2 of 3 ({@code blocks.4}): full pre-activation basic unit, identity shortcut, (N,32,16,16) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage2Unit2() {
    // bn1 + relu (N,32,16,16)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_4_BN1_WEIGHT, BLOCKS_4_BN1_STATE, BLOCKS_3_OUT, BLOCKS_4_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    conv(BLOCKS_4_CONV1_WEIGHT, BLOCKS_4_BN1_OUT, BLOCKS_4_CONV1_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn2 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_4_BN2_WEIGHT, BLOCKS_4_BN2_STATE, BLOCKS_4_CONV1_OUT, BLOCKS_4_BN2_OUT, 32, 16 * 16, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_4_CONV2_WEIGHT, BLOCKS_4_BN2_OUT, BLOCKS_3_OUT, BLOCKS_4_OUT, 32, 16, 16, 32, 3, 1, 1);
  }

  /**
   * Stage 2, unit 2 of 3 ({@code blocks.4}): full pre-activation basic unit, identity shortcut, (N,32,16,16) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage2Unit2() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_4_CONV2_WEIGHT, BLOCKS_4_BN2_OUT, BLOCKS_4_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn2 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_4_BN2_WEIGHT, BLOCKS_4_BN2_STATE, BLOCKS_4_CONV1_OUT, BLOCKS_4_BN2_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_4_CONV1_WEIGHT, BLOCKS_4_BN1_OUT, BLOCKS_4_CONV1_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn1 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_4_BN1_WEIGHT, BLOCKS_4_BN1_STATE, BLOCKS_3_OUT, BLOCKS_4_BN1_OUT, 32, 16 * 16, RELU);
  }

  /**
   * Stage 2, unit 3 of 3 ({@code blocks.5}): full pre-activation basic unit, identity shortcut, (N,32,16,16) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage2Unit3() {
    // bn1 + relu (N,32,16,16)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_5_BN1_WEIGHT, BLOCKS_5_BN1_STATE, BLOCKS_4_OUT, BLOCKS_5_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    conv(BLOCKS_5_CONV1_WEIGHT, BLOCKS_5_BN1_OUT, BLOCKS_5_CONV1_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn2 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_5_BN2_WEIGHT, BLOCKS_5_BN2_STATE, BLOCKS_5_CONV1_OUT, BLOCKS_5_BN2_OUT, 32, 16 * 16, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_5_CONV2_WEIGHT, BLOCKS_5_BN2_OUT, BLOCKS_4_OUT, BLOCKS_5_OUT, 32, 16, 16, 32, 3, 1, 1);
  }

  /**
   * Stage 2, unit 3 of 3 ({@code blocks.5}): full pre-activation basic unit, identity shortcut, (N,32,16,16) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage2Unit3() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_5_CONV2_WEIGHT, BLOCKS_5_BN2_OUT, BLOCKS_5_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn2 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_5_BN2_WEIGHT, BLOCKS_5_BN2_STATE, BLOCKS_5_CONV1_OUT, BLOCKS_5_BN2_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_5_CONV1_WEIGHT, BLOCKS_5_BN1_OUT, BLOCKS_5_CONV1_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn1 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_5_BN1_WEIGHT, BLOCKS_5_BN1_STATE, BLOCKS_4_OUT, BLOCKS_5_BN1_OUT, 32, 16 * 16, RELU);
  }

  /**
   * Stage 3, unit 1 of 3 ({@code blocks.6}): full pre-activation basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void forwardStage3Unit1() {
    // bn1 + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_6_BN1_WEIGHT, BLOCKS_6_BN1_STATE, BLOCKS_5_OUT, BLOCKS_6_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_6_CONV1_WEIGHT, BLOCKS_6_BN1_OUT, BLOCKS_6_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
    // bn2 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_6_BN2_WEIGHT, BLOCKS_6_BN2_STATE, BLOCKS_6_CONV1_OUT, BLOCKS_6_BN2_OUT, 64, 8 * 8, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_6_PROJ_WEIGHT, BLOCKS_6_BN1_OUT, BLOCKS_6_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_6_CONV2_WEIGHT, BLOCKS_6_BN2_OUT, BLOCKS_6_PROJ_OUT, BLOCKS_6_OUT, 64, 8, 8, 64, 3, 1, 1);
  }

  /**
   * Stage 3, unit 1 of 3 ({@code blocks.6}): full pre-activation basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void backwardStage3Unit1() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut proj: the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_6_CONV2_WEIGHT, BLOCKS_6_BN2_OUT, BLOCKS_6_OUT, 64, 8, 8, 64, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_6_PROJ_WEIGHT, BLOCKS_6_BN1_OUT, BLOCKS_6_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // bn2 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_6_BN2_WEIGHT, BLOCKS_6_BN2_STATE, BLOCKS_6_CONV1_OUT, BLOCKS_6_BN2_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_6_CONV1_WEIGHT, BLOCKS_6_BN1_OUT, BLOCKS_6_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
    // bn1 + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_6_BN1_WEIGHT, BLOCKS_6_BN1_STATE, BLOCKS_5_OUT, BLOCKS_6_BN1_OUT, 32, 16 * 16, RELU);
  }

  /**
   * Stage 3, unit 2 of 3 ({@code blocks.7}): full pre-activation basic unit, identity shortcut, (N,64,8,8) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage3Unit2() {
    // bn1 + relu (N,64,8,8)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_7_BN1_WEIGHT, BLOCKS_7_BN1_STATE, BLOCKS_6_OUT, BLOCKS_7_BN1_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    conv(BLOCKS_7_CONV1_WEIGHT, BLOCKS_7_BN1_OUT, BLOCKS_7_CONV1_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn2 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_7_BN2_WEIGHT, BLOCKS_7_BN2_STATE, BLOCKS_7_CONV1_OUT, BLOCKS_7_BN2_OUT, 64, 8 * 8, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_7_CONV2_WEIGHT, BLOCKS_7_BN2_OUT, BLOCKS_6_OUT, BLOCKS_7_OUT, 64, 8, 8, 64, 3, 1, 1);
  }

  /**
   * Stage 3, unit 2 of 3 ({@code blocks.7}): full pre-activation basic unit, identity shortcut, (N,64,8,8) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage3Unit2() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_7_CONV2_WEIGHT, BLOCKS_7_BN2_OUT, BLOCKS_7_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn2 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_7_BN2_WEIGHT, BLOCKS_7_BN2_STATE, BLOCKS_7_CONV1_OUT, BLOCKS_7_BN2_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_7_CONV1_WEIGHT, BLOCKS_7_BN1_OUT, BLOCKS_7_CONV1_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn1 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_7_BN1_WEIGHT, BLOCKS_7_BN1_STATE, BLOCKS_6_OUT, BLOCKS_7_BN1_OUT, 64, 8 * 8, RELU);
  }

  /**
   * Stage 3, unit 3 of 3 ({@code blocks.8}): full pre-activation basic unit, identity shortcut, (N,64,8,8) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void forwardStage3Unit3() {
    // bn1 + relu (N,64,8,8)
    // in training, the batch statistics only: conv1 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_8_BN1_WEIGHT, BLOCKS_8_BN1_STATE, BLOCKS_7_OUT, BLOCKS_8_BN1_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    conv(BLOCKS_8_CONV1_WEIGHT, BLOCKS_8_BN1_OUT, BLOCKS_8_CONV1_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn2 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_8_BN2_WEIGHT, BLOCKS_8_BN2_STATE, BLOCKS_8_CONV1_OUT, BLOCKS_8_BN2_OUT, 64, 8 * 8, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut x (identity): the unit's output
    convPlus(BLOCKS_8_CONV2_WEIGHT, BLOCKS_8_BN2_OUT, BLOCKS_7_OUT, BLOCKS_8_OUT, 64, 8, 8, 64, 3, 1, 1);
  }

  /**
   * Stage 3, unit 3 of 3 ({@code blocks.8}): full pre-activation basic unit, identity shortcut, (N,64,8,8) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `---------------------- identity x_l ----------------------'
   * </pre>
   */
  private void backwardStage3Unit3() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut x (identity): the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: x's gradient is this output's, the same buffer, so dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part
    convBackward(BLOCKS_8_CONV2_WEIGHT, BLOCKS_8_BN2_OUT, BLOCKS_8_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn2 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_8_BN2_WEIGHT, BLOCKS_8_BN2_STATE, BLOCKS_8_CONV1_OUT, BLOCKS_8_BN2_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_8_CONV1_WEIGHT, BLOCKS_8_BN1_OUT, BLOCKS_8_CONV1_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn1 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_8_BN1_WEIGHT, BLOCKS_8_BN1_STATE, BLOCKS_7_OUT, BLOCKS_8_BN1_OUT, 64, 8 * 8, RELU);
  }

  /**
   * The head: the final BN+ReLU, global average pooling and the fully connected layer.
   */
  private void forwardHead() {
    // final_bn + relu (N,64,8,8)
    batchNorm(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_8_OUT, FINAL_BN_OUT, 64, 8 * 8, RELU);
    // global average pool: (N,64,8,8) -> (N,64)
    pool(FINAL_BN_OUT, POOL_OUT, 64, 8 * 8);
    // fc: (N,64) -> logits (N,10)
    fullyConnected(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 64, 10);
  }

  /**
   * The head: the final BN+ReLU, global average pooling and the fully connected layer.
   */
  private void backwardHead() {
    // fc: (N,64) -> logits (N,10)
    fullyConnectedBackward(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 64, 10);
    // global average pool: (N,64,8,8) -> (N,64)
    poolBackward(FINAL_BN_OUT, POOL_OUT, 64, 8 * 8);
    // final_bn + relu (N,64,8,8)
    batchNormBackward(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_8_OUT, FINAL_BN_OUT, 64, 8 * 8, RELU);
  }

  /**
   * Where each tensor lives: offsets into the network's buffers, computed from the plan at build time.
   */
  static final class Offsets {
    /**
     * {@code stem.weight} [16, 3, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int STEM_WEIGHT = 0;

    /**
     * {@code blocks.0.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_WEIGHT = 432;

    /**
     * {@code blocks.0.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_BIAS = 448;

    /**
     * {@code blocks.0.conv1.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV1_WEIGHT = 464;

    /**
     * {@code blocks.0.bn2.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_WEIGHT = 2768;

    /**
     * {@code blocks.0.bn2.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_BIAS = 2784;

    /**
     * {@code blocks.0.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV2_WEIGHT = 2800;

    /**
     * {@code blocks.1.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 5104;

    /**
     * {@code blocks.1.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 5120;

    /**
     * {@code blocks.1.conv1.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 5136;

    /**
     * {@code blocks.1.bn2.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_WEIGHT = 7440;

    /**
     * {@code blocks.1.bn2.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_BIAS = 7456;

    /**
     * {@code blocks.1.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 7472;

    /**
     * {@code blocks.2.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 9776;

    /**
     * {@code blocks.2.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 9792;

    /**
     * {@code blocks.2.conv1.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 9808;

    /**
     * {@code blocks.2.bn2.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_WEIGHT = 12112;

    /**
     * {@code blocks.2.bn2.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_BIAS = 12128;

    /**
     * {@code blocks.2.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 12144;

    /**
     * {@code blocks.3.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_BN1_WEIGHT = 14448;

    /**
     * {@code blocks.3.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_BN1_BIAS = 14464;

    /**
     * {@code blocks.3.conv1.weight} [32, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_CONV1_WEIGHT = 14480;

    /**
     * {@code blocks.3.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_BN2_WEIGHT = 19088;

    /**
     * {@code blocks.3.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_BN2_BIAS = 19120;

    /**
     * {@code blocks.3.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_CONV2_WEIGHT = 19152;

    /**
     * {@code blocks.3.proj.weight} [32, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_3_PROJ_WEIGHT = 28368;

    /**
     * {@code blocks.4.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_BN1_WEIGHT = 28880;

    /**
     * {@code blocks.4.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_BN1_BIAS = 28912;

    /**
     * {@code blocks.4.conv1.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_CONV1_WEIGHT = 28944;

    /**
     * {@code blocks.4.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_BN2_WEIGHT = 38160;

    /**
     * {@code blocks.4.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_BN2_BIAS = 38192;

    /**
     * {@code blocks.4.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_4_CONV2_WEIGHT = 38224;

    /**
     * {@code blocks.5.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_BN1_WEIGHT = 47440;

    /**
     * {@code blocks.5.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_BN1_BIAS = 47472;

    /**
     * {@code blocks.5.conv1.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_CONV1_WEIGHT = 47504;

    /**
     * {@code blocks.5.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_BN2_WEIGHT = 56720;

    /**
     * {@code blocks.5.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_BN2_BIAS = 56752;

    /**
     * {@code blocks.5.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_5_CONV2_WEIGHT = 56784;

    /**
     * {@code blocks.6.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_BN1_WEIGHT = 66000;

    /**
     * {@code blocks.6.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_BN1_BIAS = 66032;

    /**
     * {@code blocks.6.conv1.weight} [64, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_CONV1_WEIGHT = 66064;

    /**
     * {@code blocks.6.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_BN2_WEIGHT = 84496;

    /**
     * {@code blocks.6.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_BN2_BIAS = 84560;

    /**
     * {@code blocks.6.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_CONV2_WEIGHT = 84624;

    /**
     * {@code blocks.6.proj.weight} [64, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_6_PROJ_WEIGHT = 121488;

    /**
     * {@code blocks.7.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_BN1_WEIGHT = 123536;

    /**
     * {@code blocks.7.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_BN1_BIAS = 123600;

    /**
     * {@code blocks.7.conv1.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_CONV1_WEIGHT = 123664;

    /**
     * {@code blocks.7.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_BN2_WEIGHT = 160528;

    /**
     * {@code blocks.7.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_BN2_BIAS = 160592;

    /**
     * {@code blocks.7.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_7_CONV2_WEIGHT = 160656;

    /**
     * {@code blocks.8.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_BN1_WEIGHT = 197520;

    /**
     * {@code blocks.8.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_BN1_BIAS = 197584;

    /**
     * {@code blocks.8.conv1.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_CONV1_WEIGHT = 197648;

    /**
     * {@code blocks.8.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_BN2_WEIGHT = 234512;

    /**
     * {@code blocks.8.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_BN2_BIAS = 234576;

    /**
     * {@code blocks.8.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_8_CONV2_WEIGHT = 234640;

    /**
     * {@code final_bn.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_WEIGHT = 271504;

    /**
     * {@code final_bn.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_BIAS = 271568;

    /**
     * {@code fc.weight} [10, 64]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 271632;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 272272;

    /**
     * {@code blocks.0.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN1_STATE = 0;

    /**
     * {@code blocks.0.bn2}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN2_STATE = 32;

    /**
     * {@code blocks.1.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN1_STATE = 64;

    /**
     * {@code blocks.1.bn2}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN2_STATE = 96;

    /**
     * {@code blocks.2.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN1_STATE = 128;

    /**
     * {@code blocks.2.bn2}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN2_STATE = 160;

    /**
     * {@code blocks.3.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_3_BN1_STATE = 192;

    /**
     * {@code blocks.3.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_3_BN2_STATE = 224;

    /**
     * {@code blocks.4.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_4_BN1_STATE = 288;

    /**
     * {@code blocks.4.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_4_BN2_STATE = 352;

    /**
     * {@code blocks.5.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_5_BN1_STATE = 416;

    /**
     * {@code blocks.5.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_5_BN2_STATE = 480;

    /**
     * {@code blocks.6.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_6_BN1_STATE = 544;

    /**
     * {@code blocks.6.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_6_BN2_STATE = 608;

    /**
     * {@code blocks.7.bn1}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_7_BN1_STATE = 736;

    /**
     * {@code blocks.7.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_7_BN2_STATE = 864;

    /**
     * {@code blocks.8.bn1}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_8_BN1_STATE = 992;

    /**
     * {@code blocks.8.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_8_BN2_STATE = 1120;

    /**
     * {@code final_bn}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int FINAL_BN_STATE = 1248;

    /**
     * {@code input} (N,3,32,32): offset in the activation buffers, per image.
     */
    static final int INPUT = 0;

    /**
     * {@code stem} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int STEM_OUT = 3072;

    /**
     * {@code blocks.0.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN1_OUT = 19456;

    /**
     * {@code blocks.0.conv1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV1_OUT = 35840;

    /**
     * {@code blocks.0.bn2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN2_OUT = 52224;

    /**
     * {@code blocks.0} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_OUT = 68608;

    /**
     * {@code blocks.1.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 84992;

    /**
     * {@code blocks.1.conv1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 101376;

    /**
     * {@code blocks.1.bn2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN2_OUT = 117760;

    /**
     * {@code blocks.1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_OUT = 134144;

    /**
     * {@code blocks.2.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 150528;

    /**
     * {@code blocks.2.conv1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 166912;

    /**
     * {@code blocks.2.bn2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN2_OUT = 183296;

    /**
     * {@code blocks.2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_OUT = 199680;

    /**
     * {@code blocks.3.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_3_BN1_OUT = 216064;

    /**
     * {@code blocks.3.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_3_CONV1_OUT = 232448;

    /**
     * {@code blocks.3.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_3_BN2_OUT = 240640;

    /**
     * {@code blocks.3.proj} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_3_PROJ_OUT = 248832;

    /**
     * {@code blocks.3} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_3_OUT = 257024;

    /**
     * {@code blocks.4.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_4_BN1_OUT = 265216;

    /**
     * {@code blocks.4.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_4_CONV1_OUT = 273408;

    /**
     * {@code blocks.4.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_4_BN2_OUT = 281600;

    /**
     * {@code blocks.4} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_4_OUT = 289792;

    /**
     * {@code blocks.5.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_5_BN1_OUT = 297984;

    /**
     * {@code blocks.5.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_5_CONV1_OUT = 306176;

    /**
     * {@code blocks.5.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_5_BN2_OUT = 314368;

    /**
     * {@code blocks.5} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_5_OUT = 322560;

    /**
     * {@code blocks.6.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_6_BN1_OUT = 330752;

    /**
     * {@code blocks.6.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_6_CONV1_OUT = 338944;

    /**
     * {@code blocks.6.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_6_BN2_OUT = 343040;

    /**
     * {@code blocks.6.proj} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_6_PROJ_OUT = 347136;

    /**
     * {@code blocks.6} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_6_OUT = 351232;

    /**
     * {@code blocks.7.bn1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_7_BN1_OUT = 355328;

    /**
     * {@code blocks.7.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_7_CONV1_OUT = 359424;

    /**
     * {@code blocks.7.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_7_BN2_OUT = 363520;

    /**
     * {@code blocks.7} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_7_OUT = 367616;

    /**
     * {@code blocks.8.bn1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_8_BN1_OUT = 371712;

    /**
     * {@code blocks.8.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_8_CONV1_OUT = 375808;

    /**
     * {@code blocks.8.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_8_BN2_OUT = 379904;

    /**
     * {@code blocks.8} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_8_OUT = 384000;

    /**
     * {@code final_bn} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int FINAL_BN_OUT = 388096;

    /**
     * {@code pool} (N,64): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 392192;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 392256;

    private Offsets() {
    }
  }
}
