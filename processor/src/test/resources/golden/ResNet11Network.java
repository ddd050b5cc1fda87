package org.skipline.examples;

import static org.skipline.examples.ResNet11Network.Offsets.*;

import javax.annotation.processing.Generated;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Network;

/**
 * The original network of {@link ResNet11}: 11 layers of bottleneck units.
 *
 * <p>Depth 11 = 9 * 1 + 2: a 3x3 stem convolution, three stages of 1 bottleneck units (3 convolutions each) and a fully connected layer.
 * Stage outputs: 64 channels at 32x32, 128 channels at 16x16, 256 channels at 8x8.
 * Input (N,3,32,32), 10 classes. 127,642 parameters; 17,222,144 multiply-adds per image.
 * Memory: 2,995,240 bytes per image in training and 995,328 in inference, plus 2,139,704 fixed.
 *
 * <pre>{@code
 * ResNet11Network net = new ResNet11Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,3,32,32], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 11, preActivation = false)"
)
public final class ResNet11Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("ResNet11", 11, false, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public ResNet11Network(int capacity) {
    super(PLAN, capacity);
  }

  private ResNet11Network(ResNet11Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new ResNet11Network(this);
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
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
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
   * Stage 1, unit 1 of 1 ({@code blocks.0}): original bottleneck unit, stride 1, projection shortcut, (N,16,32,32) -> (N,64,32,32).
   *
   * <pre>
   * x_l -> conv1 1x1 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1 -> proj_bn of x_l -------------------------'
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
    // out = proj_bn + bn3, then relu (N,64,32,32)
    add(BLOCKS_0_PROJ_BN_OUT, BLOCKS_0_BN3_OUT, BLOCKS_0_OUT, 64 * 32 * 32, RELU);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): original bottleneck unit, stride 1, projection shortcut, (N,16,32,32) -> (N,64,32,32).
   *
   * <pre>
   * x_l -> conv1 1x1 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1 -> proj_bn of x_l -------------------------'
   * </pre>
   */
  private void backwardStage1Unit1() {
    // out = proj_bn + bn3, then relu (N,64,32,32)
    // dL/d(sum) goes unchanged to the projection and to the branch (the ReLU's mask applied first)
    addBackward(BLOCKS_0_PROJ_BN_OUT, BLOCKS_0_BN3_OUT, BLOCKS_0_OUT, 64 * 32 * 32, RELU);
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
   * Stage 2, unit 1 of 1 ({@code blocks.1}): original bottleneck unit, stride 2, projection shortcut, (N,64,32,32) -> (N,128,16,16).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1/2 -> proj_bn of x_l -------------------------'
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
    // out = proj_bn + bn3, then relu (N,128,16,16)
    add(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_BN3_OUT, BLOCKS_1_OUT, 128 * 16 * 16, RELU);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): original bottleneck unit, stride 2, projection shortcut, (N,64,32,32) -> (N,128,16,16).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1/2 -> proj_bn of x_l -------------------------'
   * </pre>
   */
  private void backwardStage2Unit1() {
    // out = proj_bn + bn3, then relu (N,128,16,16)
    // dL/d(sum) goes unchanged to the projection and to the branch (the ReLU's mask applied first)
    addBackward(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_BN3_OUT, BLOCKS_1_OUT, 128 * 16 * 16, RELU);
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
   * Stage 3, unit 1 of 1 ({@code blocks.2}): original bottleneck unit, stride 2, projection shortcut, (N,128,16,16) -> (N,256,8,8).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1/2 -> proj_bn of x_l -------------------------'
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
    // out = proj_bn + bn3, then relu (N,256,8,8)
    add(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_BN3_OUT, BLOCKS_2_OUT, 256 * 8 * 8, RELU);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): original bottleneck unit, stride 2, projection shortcut, (N,128,16,16) -> (N,256,8,8).
   *
   * <pre>
   * x_l -> conv1 1x1/2 -> bn1 -> ReLU -> conv2 3x3 -> bn2 -> ReLU -> conv3 1x1 -> bn3 -(+)-> ReLU -> x_l+1
   *    `------------------------- proj 1x1/2 -> proj_bn of x_l -------------------------'
   * </pre>
   */
  private void backwardStage3Unit1() {
    // out = proj_bn + bn3, then relu (N,256,8,8)
    // dL/d(sum) goes unchanged to the projection and to the branch (the ReLU's mask applied first)
    addBackward(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_BN3_OUT, BLOCKS_2_OUT, 256 * 8 * 8, RELU);
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
     * {@code blocks.1.conv1.weight} [32, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 5392;

    /**
     * {@code blocks.1.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 7440;

    /**
     * {@code blocks.1.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 7472;

    /**
     * {@code blocks.1.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 7504;

    /**
     * {@code blocks.1.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_WEIGHT = 16720;

    /**
     * {@code blocks.1.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_BIAS = 16752;

    /**
     * {@code blocks.1.conv3.weight} [128, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV3_WEIGHT = 16784;

    /**
     * {@code blocks.1.bn3.weight} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_WEIGHT = 20880;

    /**
     * {@code blocks.1.bn3.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_BIAS = 21008;

    /**
     * {@code blocks.1.proj.weight} [128, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_WEIGHT = 21136;

    /**
     * {@code blocks.1.proj_bn.weight} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_WEIGHT = 29328;

    /**
     * {@code blocks.1.proj_bn.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_BIAS = 29456;

    /**
     * {@code blocks.2.conv1.weight} [64, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 29584;

    /**
     * {@code blocks.2.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 37776;

    /**
     * {@code blocks.2.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 37840;

    /**
     * {@code blocks.2.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 37904;

    /**
     * {@code blocks.2.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_WEIGHT = 74768;

    /**
     * {@code blocks.2.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_BIAS = 74832;

    /**
     * {@code blocks.2.conv3.weight} [256, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV3_WEIGHT = 74896;

    /**
     * {@code blocks.2.bn3.weight} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_WEIGHT = 91280;

    /**
     * {@code blocks.2.bn3.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_BIAS = 91536;

    /**
     * {@code blocks.2.proj.weight} [256, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_WEIGHT = 91792;

    /**
     * {@code blocks.2.proj_bn.weight} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_WEIGHT = 124560;

    /**
     * {@code blocks.2.proj_bn.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_BIAS = 124816;

    /**
     * {@code fc.weight} [10, 256]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 125072;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 127632;

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
     * {@code blocks.0} (N,64,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_OUT = 363520;

    /**
     * {@code blocks.1.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 429056;

    /**
     * {@code blocks.1.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 437248;

    /**
     * {@code blocks.1.conv2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV2_OUT = 445440;

    /**
     * {@code blocks.1.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN2_OUT = 453632;

    /**
     * {@code blocks.1.conv3} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV3_OUT = 461824;

    /**
     * {@code blocks.1.bn3} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN3_OUT = 494592;

    /**
     * {@code blocks.1.proj} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_OUT = 527360;

    /**
     * {@code blocks.1.proj_bn} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_BN_OUT = 560128;

    /**
     * {@code blocks.1} (N,128,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_OUT = 592896;

    /**
     * {@code blocks.2.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 625664;

    /**
     * {@code blocks.2.bn1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 629760;

    /**
     * {@code blocks.2.conv2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV2_OUT = 633856;

    /**
     * {@code blocks.2.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN2_OUT = 637952;

    /**
     * {@code blocks.2.conv3} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV3_OUT = 642048;

    /**
     * {@code blocks.2.bn3} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN3_OUT = 658432;

    /**
     * {@code blocks.2.proj} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_OUT = 674816;

    /**
     * {@code blocks.2.proj_bn} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_BN_OUT = 691200;

    /**
     * {@code blocks.2} (N,256,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_OUT = 707584;

    /**
     * {@code pool} (N,256): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 723968;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 724224;

    private Offsets() {
    }
  }
}
