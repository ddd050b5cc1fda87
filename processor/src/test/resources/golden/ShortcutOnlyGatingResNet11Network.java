package org.skipline.examples;

import static org.skipline.examples.ShortcutOnlyGatingResNet11Network.Offsets.*;

import javax.annotation.processing.Generated;
import org.skipline.ActivationOrder;
import org.skipline.DownsampleStride;
import org.skipline.Shortcut;
import org.skipline.UnitType;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Network;

/**
 * The original, shortcut-only gating, gate bias -4 network of {@link ShortcutOnlyGatingResNet11}: 11 layers of bottleneck units.
 *
 * <p>Depth 11 = 9 * 1 + 2: a 3x3 stem convolution, three stages of 1 bottleneck units (3 convolutions each) and a fully connected layer.
 * Stage outputs: 64 channels at 32x32, 128 channels at 16x16, 256 channels at 8x8.
 * Input (N,3,32,32), 10 classes. 170,074 parameters; 22,465,024 multiply-adds per image.
 * Memory: 4,633,640 bytes per image in training and 1,257,472 in inference, plus 2,648,888 fixed.
 *
 * <pre>{@code
 * ShortcutOnlyGatingResNet11Network net = new ShortcutOnlyGatingResNet11Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,3,32,32], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 11, preActivation = false, shortcut = SHORTCUT_ONLY_GATING, gateBias = -4.0)"
)
public final class ShortcutOnlyGatingResNet11Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("ShortcutOnlyGatingResNet11", 11, false, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1, ActivationOrder.AUTO, Shortcut.SHORTCUT_ONLY_GATING, 0.5, false, -4.0, 0.5);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public ShortcutOnlyGatingResNet11Network(int capacity) {
    super(PLAN, capacity);
  }

  private ShortcutOnlyGatingResNet11Network(ShortcutOnlyGatingResNet11Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new ShortcutOnlyGatingResNet11Network(this);
  }

  @Override
  protected void forwardPass() {
    forwardStem();
    forwardStage1Unit1();
    forwardStage2Unit1();
    forwardStage3Unit1();
    forwardHead();
  }

  @Override
  protected void backwardPass() {
    backwardHead();
    backwardStage3Unit1();
    backwardStage2Unit1();
    backwardStage1Unit1();
    backwardStem();
  }

  /**
   * The stem: a 3x3 convolution, BN and ReLU.
   */
  private void forwardStem() {
    // stem: 3x3 conv, stride 1, padding 1, (N,3,32,32) -> (N,16,32,32)
    conv(STEM_WEIGHT, INPUT, STEM_OUT, 3, 32, 32, 16, 3, 1, 1);
    // stem_bn + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj and gate normalise their input as they read it, so its output is never written
    batchNorm(STEM_BN_WEIGHT, STEM_BN_STATE, STEM_OUT, STEM_BN_OUT, 16, 32 * 32, RELU);
  }

  /**
   * The stem: a 3x3 convolution, BN and ReLU.
   */
  private void backwardStem() {
    // stem_bn + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    batchNormBackward(STEM_BN_WEIGHT, STEM_BN_STATE, STEM_OUT, STEM_BN_OUT, 16, 32 * 32, RELU);
    // stem: 3x3 conv, stride 1, padding 1, (N,3,32,32) -> (N,16,32,32)
    convBackwardWeightOnly(STEM_WEIGHT, INPUT, STEM_OUT, 3, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 1, projection shortcut, (N,16,32,32) -> (N,64,32,32).
   *
   * <pre>
   * x_l -> conv1 1x1 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1 of x_l + bias)
   * </pre>
   */
  private void forwardStage1Unit1() {
    // conv1: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV1_WEIGHT, STEM_BN_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 1, 1, 0);
    // bn1 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV2_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV2_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    conv(BLOCKS_0_CONV3_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_CONV3_OUT, 16, 32, 32, 64, 1, 1, 0);
    // bn3 (N,64,32,32)
    batchNorm(BLOCKS_0_BN3_WEIGHT, BLOCKS_0_BN3_STATE, BLOCKS_0_CONV3_OUT, BLOCKS_0_BN3_OUT, 64, 32 * 32, NO_RELU);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    conv(BLOCKS_0_PROJ_WEIGHT, STEM_BN_OUT, BLOCKS_0_PROJ_OUT, 16, 32, 32, 64, 1, 1, 0);
    // proj_bn (N,64,32,32)
    batchNorm(BLOCKS_0_PROJ_BN_WEIGHT, BLOCKS_0_PROJ_BN_STATE, BLOCKS_0_PROJ_OUT, BLOCKS_0_PROJ_BN_OUT, 64, 32 * 32, NO_RELU);
    // gate: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    conv(BLOCKS_0_GATE_WEIGHT, STEM_BN_OUT, BLOCKS_0_GATE_CONV_OUT, 16, 32, 32, 64, 1, 1, 0);
    // gate = sigmoid(gate_conv + gate.bias) (N,64,32,32)
    gate(BLOCKS_0_GATE_BIAS, BLOCKS_0_GATE_CONV_OUT, BLOCKS_0_GATE_OUT, 64, 32 * 32);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,64,32,32)
    gatedAdd(BLOCKS_0_PROJ_BN_OUT, BLOCKS_0_BN3_OUT, BLOCKS_0_GATE_OUT, BLOCKS_0_SUM_OUT, 64 * 32 * 32, false);
    // relu (N,64,32,32)
    relu(BLOCKS_0_SUM_OUT, BLOCKS_0_OUT, 64 * 32 * 32);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 1, projection shortcut, (N,16,32,32) -> (N,64,32,32).
   *
   * <pre>
   * x_l -> conv1 1x1 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1 of x_l + bias)
   * </pre>
   */
  private void backwardStage1Unit1() {
    // relu (N,64,32,32)
    reluBackward(BLOCKS_0_SUM_OUT, BLOCKS_0_OUT, 64 * 32 * 32);
    // bn3 (N,64,32,32) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_0_BN3_WEIGHT, BLOCKS_0_BN3_STATE, BLOCKS_0_CONV3_OUT, BLOCKS_0_BN3_OUT, 64, 32 * 32, NO_RELU);
    // proj_bn (N,64,32,32) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_0_PROJ_BN_WEIGHT, BLOCKS_0_PROJ_BN_STATE, BLOCKS_0_PROJ_OUT, BLOCKS_0_PROJ_BN_OUT, 64, 32 * 32, NO_RELU);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,64,32,32)
    // the shortcut's share: (1 - g) * dL/d(out); the branch gets dL/d(out) whole, and the gate dL/dg = -dL/d(out) * S
    gatedAddBackward(BLOCKS_0_PROJ_BN_OUT, BLOCKS_0_BN3_OUT, BLOCKS_0_GATE_OUT, BLOCKS_0_SUM_OUT, 64 * 32 * 32, false);
    // gate = sigmoid(gate_conv + gate.bias) (N,64,32,32)
    gateBackward(BLOCKS_0_GATE_BIAS, BLOCKS_0_GATE_CONV_OUT, BLOCKS_0_GATE_OUT, 64, 32 * 32);
    // gate: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    // its input, stem_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_GATE_WEIGHT, STEM_BN_OUT, BLOCKS_0_GATE_CONV_OUT, 16, 32, 32, 64, 1, 1, 0);
    // proj_bn (N,64,32,32)
    batchNormBackward(BLOCKS_0_PROJ_BN_WEIGHT, BLOCKS_0_PROJ_BN_STATE, BLOCKS_0_PROJ_OUT, BLOCKS_0_PROJ_BN_OUT, 64, 32 * 32, NO_RELU);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    // its input, stem_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_PROJ_WEIGHT, STEM_BN_OUT, BLOCKS_0_PROJ_OUT, 16, 32, 32, 64, 1, 1, 0);
    // bn3 (N,64,32,32)
    batchNormBackward(BLOCKS_0_BN3_WEIGHT, BLOCKS_0_BN3_STATE, BLOCKS_0_CONV3_OUT, BLOCKS_0_BN3_OUT, 64, 32 * 32, NO_RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,64,32,32)
    // its input, bn2 + relu of conv2, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV3_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_CONV3_OUT, 16, 32, 32, 64, 1, 1, 0);
    // bn2 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV2_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV2_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,16,32,32)
    // its input, stem_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV1_WEIGHT, STEM_BN_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 1, 1, 0);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 2, projection shortcut, (N,64,32,32) -> (N,128,16,16).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1/2 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1/2 of x_l + bias)
   * </pre>
   */
  private void forwardStage2Unit1() {
    // conv1: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,32,16,16)
    conv(BLOCKS_1_CONV1_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_CONV1_OUT, 64, 32, 32, 32, 1, 2, 0);
    // bn1 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN1_OUT, 32, 16 * 16, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    conv(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV2_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn2 + relu (N,32,16,16)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV2_OUT, BLOCKS_1_BN2_OUT, 32, 16 * 16, RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,32,16,16) -> (N,128,16,16)
    conv(BLOCKS_1_CONV3_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_CONV3_OUT, 32, 16, 16, 128, 1, 1, 0);
    // bn3 (N,128,16,16)
    batchNorm(BLOCKS_1_BN3_WEIGHT, BLOCKS_1_BN3_STATE, BLOCKS_1_CONV3_OUT, BLOCKS_1_BN3_OUT, 128, 16 * 16, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,128,16,16)
    conv(BLOCKS_1_PROJ_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_PROJ_OUT, 64, 32, 32, 128, 1, 2, 0);
    // proj_bn (N,128,16,16)
    batchNorm(BLOCKS_1_PROJ_BN_WEIGHT, BLOCKS_1_PROJ_BN_STATE, BLOCKS_1_PROJ_OUT, BLOCKS_1_PROJ_BN_OUT, 128, 16 * 16, NO_RELU);
    // gate: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,128,16,16)
    conv(BLOCKS_1_GATE_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_GATE_CONV_OUT, 64, 32, 32, 128, 1, 2, 0);
    // gate = sigmoid(gate_conv + gate.bias) (N,128,16,16)
    gate(BLOCKS_1_GATE_BIAS, BLOCKS_1_GATE_CONV_OUT, BLOCKS_1_GATE_OUT, 128, 16 * 16);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,128,16,16)
    gatedAdd(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_BN3_OUT, BLOCKS_1_GATE_OUT, BLOCKS_1_SUM_OUT, 128 * 16 * 16, false);
    // relu (N,128,16,16)
    relu(BLOCKS_1_SUM_OUT, BLOCKS_1_OUT, 128 * 16 * 16);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 2, projection shortcut, (N,64,32,32) -> (N,128,16,16).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1/2 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1/2 of x_l + bias)
   * </pre>
   */
  private void backwardStage2Unit1() {
    // relu (N,128,16,16)
    reluBackward(BLOCKS_1_SUM_OUT, BLOCKS_1_OUT, 128 * 16 * 16);
    // bn3 (N,128,16,16) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_1_BN3_WEIGHT, BLOCKS_1_BN3_STATE, BLOCKS_1_CONV3_OUT, BLOCKS_1_BN3_OUT, 128, 16 * 16, NO_RELU);
    // proj_bn (N,128,16,16) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_1_PROJ_BN_WEIGHT, BLOCKS_1_PROJ_BN_STATE, BLOCKS_1_PROJ_OUT, BLOCKS_1_PROJ_BN_OUT, 128, 16 * 16, NO_RELU);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,128,16,16)
    // the shortcut's share: (1 - g) * dL/d(out); the branch gets dL/d(out) whole, and the gate dL/dg = -dL/d(out) * S
    gatedAddBackward(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_BN3_OUT, BLOCKS_1_GATE_OUT, BLOCKS_1_SUM_OUT, 128 * 16 * 16, false);
    // gate = sigmoid(gate_conv + gate.bias) (N,128,16,16)
    gateBackward(BLOCKS_1_GATE_BIAS, BLOCKS_1_GATE_CONV_OUT, BLOCKS_1_GATE_OUT, 128, 16 * 16);
    // gate: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,128,16,16)
    convBackward(BLOCKS_1_GATE_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_GATE_CONV_OUT, 64, 32, 32, 128, 1, 2, 0);
    // proj_bn (N,128,16,16)
    batchNormBackward(BLOCKS_1_PROJ_BN_WEIGHT, BLOCKS_1_PROJ_BN_STATE, BLOCKS_1_PROJ_OUT, BLOCKS_1_PROJ_BN_OUT, 128, 16 * 16, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,128,16,16)
    convBackward(BLOCKS_1_PROJ_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_PROJ_OUT, 64, 32, 32, 128, 1, 2, 0);
    // bn3 (N,128,16,16)
    batchNormBackward(BLOCKS_1_BN3_WEIGHT, BLOCKS_1_BN3_STATE, BLOCKS_1_CONV3_OUT, BLOCKS_1_BN3_OUT, 128, 16 * 16, NO_RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,32,16,16) -> (N,128,16,16)
    // its input, bn2 + relu of conv2, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV3_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_CONV3_OUT, 32, 16, 16, 128, 1, 1, 0);
    // bn2 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV2_OUT, BLOCKS_1_BN2_OUT, 32, 16 * 16, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV2_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn1 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,64,32,32) -> (N,32,16,16)
    convBackward(BLOCKS_1_CONV1_WEIGHT, BLOCKS_0_OUT, BLOCKS_1_CONV1_OUT, 64, 32, 32, 32, 1, 2, 0);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 2, projection shortcut, (N,128,16,16) -> (N,256,8,8).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1/2 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1/2 of x_l + bias)
   * </pre>
   */
  private void forwardStage3Unit1() {
    // conv1: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,64,8,8)
    conv(BLOCKS_2_CONV1_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_CONV1_OUT, 128, 16, 16, 64, 1, 2, 0);
    // bn1 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN1_OUT, 64, 8 * 8, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    conv(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV2_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn2 + relu (N,64,8,8)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV2_OUT, BLOCKS_2_BN2_OUT, 64, 8 * 8, RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,64,8,8) -> (N,256,8,8)
    conv(BLOCKS_2_CONV3_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_CONV3_OUT, 64, 8, 8, 256, 1, 1, 0);
    // bn3 (N,256,8,8)
    batchNorm(BLOCKS_2_BN3_WEIGHT, BLOCKS_2_BN3_STATE, BLOCKS_2_CONV3_OUT, BLOCKS_2_BN3_OUT, 256, 8 * 8, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,256,8,8)
    conv(BLOCKS_2_PROJ_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_PROJ_OUT, 128, 16, 16, 256, 1, 2, 0);
    // proj_bn (N,256,8,8)
    batchNorm(BLOCKS_2_PROJ_BN_WEIGHT, BLOCKS_2_PROJ_BN_STATE, BLOCKS_2_PROJ_OUT, BLOCKS_2_PROJ_BN_OUT, 256, 8 * 8, NO_RELU);
    // gate: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,256,8,8)
    conv(BLOCKS_2_GATE_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_GATE_CONV_OUT, 128, 16, 16, 256, 1, 2, 0);
    // gate = sigmoid(gate_conv + gate.bias) (N,256,8,8)
    gate(BLOCKS_2_GATE_BIAS, BLOCKS_2_GATE_CONV_OUT, BLOCKS_2_GATE_OUT, 256, 8 * 8);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,256,8,8)
    gatedAdd(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_BN3_OUT, BLOCKS_2_GATE_OUT, BLOCKS_2_SUM_OUT, 256 * 8 * 8, false);
    // relu (N,256,8,8)
    relu(BLOCKS_2_SUM_OUT, BLOCKS_2_OUT, 256 * 8 * 8);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): original, shortcut-only gating, gate bias -4 bottleneck unit, stride 2, projection shortcut, (N,128,16,16) -> (N,256,8,8).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `-------------------- (1 - g) * proj 1x1/2 -> proj_bn of x_l --------------------'
   * g = sigmoid(gate 1x1/2 of x_l + bias)
   * </pre>
   */
  private void backwardStage3Unit1() {
    // relu (N,256,8,8)
    reluBackward(BLOCKS_2_SUM_OUT, BLOCKS_2_OUT, 256 * 8 * 8);
    // bn3 (N,256,8,8) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_2_BN3_WEIGHT, BLOCKS_2_BN3_STATE, BLOCKS_2_CONV3_OUT, BLOCKS_2_BN3_OUT, 256, 8 * 8, NO_RELU);
    // proj_bn (N,256,8,8) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(BLOCKS_2_PROJ_BN_WEIGHT, BLOCKS_2_PROJ_BN_STATE, BLOCKS_2_PROJ_OUT, BLOCKS_2_PROJ_BN_OUT, 256, 8 * 8, NO_RELU);
    // out = (1 - gate) * S + F, S = proj_bn, F = bn3 (N,256,8,8)
    // the shortcut's share: (1 - g) * dL/d(out); the branch gets dL/d(out) whole, and the gate dL/dg = -dL/d(out) * S
    gatedAddBackward(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_BN3_OUT, BLOCKS_2_GATE_OUT, BLOCKS_2_SUM_OUT, 256 * 8 * 8, false);
    // gate = sigmoid(gate_conv + gate.bias) (N,256,8,8)
    gateBackward(BLOCKS_2_GATE_BIAS, BLOCKS_2_GATE_CONV_OUT, BLOCKS_2_GATE_OUT, 256, 8 * 8);
    // gate: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,256,8,8)
    convBackward(BLOCKS_2_GATE_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_GATE_CONV_OUT, 128, 16, 16, 256, 1, 2, 0);
    // proj_bn (N,256,8,8)
    batchNormBackward(BLOCKS_2_PROJ_BN_WEIGHT, BLOCKS_2_PROJ_BN_STATE, BLOCKS_2_PROJ_OUT, BLOCKS_2_PROJ_BN_OUT, 256, 8 * 8, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,256,8,8)
    convBackward(BLOCKS_2_PROJ_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_PROJ_OUT, 128, 16, 16, 256, 1, 2, 0);
    // bn3 (N,256,8,8)
    batchNormBackward(BLOCKS_2_BN3_WEIGHT, BLOCKS_2_BN3_STATE, BLOCKS_2_CONV3_OUT, BLOCKS_2_BN3_OUT, 256, 8 * 8, NO_RELU);
    // conv3: 1x1 conv, stride 1, padding 0, (N,64,8,8) -> (N,256,8,8)
    // its input, bn2 + relu of conv2, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV3_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_CONV3_OUT, 64, 8, 8, 256, 1, 1, 0);
    // bn2 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV2_OUT, BLOCKS_2_BN2_OUT, 64, 8 * 8, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV2_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn1 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN1_OUT, 64, 8 * 8, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,128,16,16) -> (N,64,8,8)
    convBackward(BLOCKS_2_CONV1_WEIGHT, BLOCKS_1_OUT, BLOCKS_2_CONV1_OUT, 128, 16, 16, 64, 1, 2, 0);
  }

  /**
   * The head:  global average pooling and the fully connected layer.
   */
  private void forwardHead() {
    // global average pool: (N,256,8,8) -> (N,256)
    pool(BLOCKS_2_OUT, POOL_OUT, 256, 8 * 8);
    // fc: (N,256) -> logits (N,10)
    fullyConnected(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 256, 10);
  }

  /**
   * The head:  global average pooling and the fully connected layer.
   */
  private void backwardHead() {
    // fc: (N,256) -> logits (N,10)
    fullyConnectedBackward(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 256, 10);
    // global average pool: (N,256,8,8) -> (N,256)
    poolBackward(BLOCKS_2_OUT, POOL_OUT, 256, 8 * 8);
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
     * {@code stem_bn.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int STEM_BN_WEIGHT = 432;

    /**
     * {@code stem_bn.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int STEM_BN_BIAS = 448;

    /**
     * {@code blocks.0.conv1.weight} [16, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV1_WEIGHT = 464;

    /**
     * {@code blocks.0.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_WEIGHT = 720;

    /**
     * {@code blocks.0.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_BIAS = 736;

    /**
     * {@code blocks.0.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV2_WEIGHT = 752;

    /**
     * {@code blocks.0.bn2.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_WEIGHT = 3056;

    /**
     * {@code blocks.0.bn2.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_BIAS = 3072;

    /**
     * {@code blocks.0.conv3.weight} [64, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV3_WEIGHT = 3088;

    /**
     * {@code blocks.0.bn3.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN3_WEIGHT = 4112;

    /**
     * {@code blocks.0.bn3.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN3_BIAS = 4176;

    /**
     * {@code blocks.0.proj.weight} [64, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_PROJ_WEIGHT = 4240;

    /**
     * {@code blocks.0.proj_bn.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_PROJ_BN_WEIGHT = 5264;

    /**
     * {@code blocks.0.proj_bn.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_PROJ_BN_BIAS = 5328;

    /**
     * {@code blocks.0.gate.weight} [64, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_GATE_WEIGHT = 5392;

    /**
     * {@code blocks.0.gate.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_GATE_BIAS = 6416;

    /**
     * {@code blocks.1.conv1.weight} [32, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 6480;

    /**
     * {@code blocks.1.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 8528;

    /**
     * {@code blocks.1.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 8560;

    /**
     * {@code blocks.1.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 8592;

    /**
     * {@code blocks.1.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_WEIGHT = 17808;

    /**
     * {@code blocks.1.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_BIAS = 17840;

    /**
     * {@code blocks.1.conv3.weight} [128, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV3_WEIGHT = 17872;

    /**
     * {@code blocks.1.bn3.weight} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_WEIGHT = 21968;

    /**
     * {@code blocks.1.bn3.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_BIAS = 22096;

    /**
     * {@code blocks.1.proj.weight} [128, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_WEIGHT = 22224;

    /**
     * {@code blocks.1.proj_bn.weight} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_WEIGHT = 30416;

    /**
     * {@code blocks.1.proj_bn.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_BIAS = 30544;

    /**
     * {@code blocks.1.gate.weight} [128, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_GATE_WEIGHT = 30672;

    /**
     * {@code blocks.1.gate.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_GATE_BIAS = 38864;

    /**
     * {@code blocks.2.conv1.weight} [64, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 38992;

    /**
     * {@code blocks.2.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 47184;

    /**
     * {@code blocks.2.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 47248;

    /**
     * {@code blocks.2.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 47312;

    /**
     * {@code blocks.2.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_WEIGHT = 84176;

    /**
     * {@code blocks.2.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_BIAS = 84240;

    /**
     * {@code blocks.2.conv3.weight} [256, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV3_WEIGHT = 84304;

    /**
     * {@code blocks.2.bn3.weight} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_WEIGHT = 100688;

    /**
     * {@code blocks.2.bn3.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_BIAS = 100944;

    /**
     * {@code blocks.2.proj.weight} [256, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_WEIGHT = 101200;

    /**
     * {@code blocks.2.proj_bn.weight} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_WEIGHT = 133968;

    /**
     * {@code blocks.2.proj_bn.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_BIAS = 134224;

    /**
     * {@code blocks.2.gate.weight} [256, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_GATE_WEIGHT = 134480;

    /**
     * {@code blocks.2.gate.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_GATE_BIAS = 167248;

    /**
     * {@code fc.weight} [10, 256]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 167504;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 170064;

    /**
     * {@code stem_bn}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int STEM_BN_STATE = 0;

    /**
     * {@code blocks.0.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN1_STATE = 32;

    /**
     * {@code blocks.0.bn2}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN2_STATE = 64;

    /**
     * {@code blocks.0.bn3}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN3_STATE = 96;

    /**
     * {@code blocks.0.proj_bn}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_PROJ_BN_STATE = 224;

    /**
     * {@code blocks.1.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN1_STATE = 352;

    /**
     * {@code blocks.1.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN2_STATE = 416;

    /**
     * {@code blocks.1.bn3}, 128 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN3_STATE = 480;

    /**
     * {@code blocks.1.proj_bn}, 128 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_PROJ_BN_STATE = 736;

    /**
     * {@code blocks.2.bn1}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN1_STATE = 992;

    /**
     * {@code blocks.2.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN2_STATE = 1120;

    /**
     * {@code blocks.2.bn3}, 256 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN3_STATE = 1248;

    /**
     * {@code blocks.2.proj_bn}, 256 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_PROJ_BN_STATE = 1760;

    /**
     * {@code input} (N,3,32,32): offset in the activation buffers, per image.
     */
    static final int INPUT = 0;

    /**
     * {@code stem} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int STEM_OUT = 3072;

    /**
     * {@code stem_bn} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int STEM_BN_OUT = 19456;

    /**
     * {@code blocks.0.conv1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV1_OUT = 35840;

    /**
     * {@code blocks.0.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN1_OUT = 52224;

    /**
     * {@code blocks.0.conv2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV2_OUT = 68608;

    /**
     * {@code blocks.0.bn2} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN2_OUT = 84992;

    /**
     * {@code blocks.0.conv3} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV3_OUT = 101376;

    /**
     * {@code blocks.0.bn3} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN3_OUT = 166912;

    /**
     * {@code blocks.0.proj} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_PROJ_OUT = 232448;

    /**
     * {@code blocks.0.proj_bn} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_PROJ_BN_OUT = 297984;

    /**
     * {@code blocks.0.gate_conv} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_GATE_CONV_OUT = 363520;

    /**
     * {@code blocks.0.gate} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_GATE_OUT = 429056;

    /**
     * {@code blocks.0.sum} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_SUM_OUT = 494592;

    /**
     * {@code blocks.0} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_OUT = 560128;

    /**
     * {@code blocks.1.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 625664;

    /**
     * {@code blocks.1.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 633856;

    /**
     * {@code blocks.1.conv2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV2_OUT = 642048;

    /**
     * {@code blocks.1.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN2_OUT = 650240;

    /**
     * {@code blocks.1.conv3} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV3_OUT = 658432;

    /**
     * {@code blocks.1.bn3} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN3_OUT = 691200;

    /**
     * {@code blocks.1.proj} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_OUT = 723968;

    /**
     * {@code blocks.1.proj_bn} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_BN_OUT = 756736;

    /**
     * {@code blocks.1.gate_conv} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_GATE_CONV_OUT = 789504;

    /**
     * {@code blocks.1.gate} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_GATE_OUT = 822272;

    /**
     * {@code blocks.1.sum} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_SUM_OUT = 855040;

    /**
     * {@code blocks.1} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_OUT = 887808;

    /**
     * {@code blocks.2.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 920576;

    /**
     * {@code blocks.2.bn1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 924672;

    /**
     * {@code blocks.2.conv2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV2_OUT = 928768;

    /**
     * {@code blocks.2.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN2_OUT = 932864;

    /**
     * {@code blocks.2.conv3} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV3_OUT = 936960;

    /**
     * {@code blocks.2.bn3} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN3_OUT = 953344;

    /**
     * {@code blocks.2.proj} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_OUT = 969728;

    /**
     * {@code blocks.2.proj_bn} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_BN_OUT = 986112;

    /**
     * {@code blocks.2.gate_conv} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_GATE_CONV_OUT = 1002496;

    /**
     * {@code blocks.2.gate} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_GATE_OUT = 1018880;

    /**
     * {@code blocks.2.sum} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_SUM_OUT = 1035264;

    /**
     * {@code blocks.2} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_OUT = 1051648;

    /**
     * {@code pool} (N,256): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 1068032;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 1068288;

    private Offsets() {
    }
  }
}
