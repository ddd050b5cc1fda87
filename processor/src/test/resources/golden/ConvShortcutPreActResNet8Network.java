package org.skipline.examples;

import static org.skipline.examples.ConvShortcutPreActResNet8Network.Offsets.*;

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
 * The full pre-activation, 1x1 convolution shortcut network of {@link ConvShortcutPreActResNet8}: 8 layers of basic units.
 *
 * <p>Depth 8 = 6 * 1 + 2: a 3x3 stem convolution, three stages of 1 basic units (2 convolutions each) and a fully connected layer.
 * Stage outputs: 16 channels at 32x32, 32 channels at 16x16, 64 channels at 8x8.
 * Input (N,3,32,32), 10 classes. 78,106 parameters; 12,763,776 multiply-adds per image.
 * Memory: 635,176 bytes per image in training and 208,896 in inference, plus 1,530,936 fixed.
 *
 * <pre>{@code
 * ConvShortcutPreActResNet8Network net = new ConvShortcutPreActResNet8Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,3,32,32], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 8, preActivation = true, shortcut = CONV_1X1)"
)
public final class ConvShortcutPreActResNet8Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("ConvShortcutPreActResNet8", 8, true, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1, ActivationOrder.AUTO, Shortcut.CONV_1X1, 0.5, false, -6.0, 0.5);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public ConvShortcutPreActResNet8Network(int capacity) {
    super(PLAN, capacity);
  }

  private ConvShortcutPreActResNet8Network(ConvShortcutPreActResNet8Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new ConvShortcutPreActResNet8Network(this);
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
   * Stage 1, unit 1 of 1 ({@code blocks.0}): full pre-activation, 1x1 convolution shortcut basic unit, stride 1, projection shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void forwardStage1Unit1() {
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn2 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_PROJ_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_PROJ_OUT, 16, 32, 32, 16, 1, 1, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_PROJ_OUT, BLOCKS_0_OUT, 16, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): full pre-activation, 1x1 convolution shortcut basic unit, stride 1, projection shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void backwardStage1Unit1() {
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32), plus the shortcut proj: the unit's output
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_OUT, 16, 32, 32, 16, 3, 1, 1);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_PROJ_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_PROJ_OUT, 16, 32, 32, 16, 1, 1, 0);
    // bn2 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): full pre-activation, 1x1 convolution shortcut basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void forwardStage2Unit1() {
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
    // bn2 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 32, 16 * 16, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_1_PROJ_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_PROJ_OUT, BLOCKS_1_OUT, 32, 16, 16, 32, 3, 1, 1);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): full pre-activation, 1x1 convolution shortcut basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
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
    convBackward(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_OUT, 32, 16, 16, 32, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_PROJ_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // bn2 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
    // bn1 + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): full pre-activation, 1x1 convolution shortcut basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 3x3/2 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
   *    `--------------- proj 1x1/2 of ReLU(bn1(x_l)) ---------------'
   * </pre>
   */
  private void forwardStage3Unit1() {
    // bn1 + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
    // bn2 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 64, 8 * 8, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_2_PROJ_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_PROJ_OUT, BLOCKS_2_OUT, 64, 8, 8, 64, 3, 1, 1);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): full pre-activation, 1x1 convolution shortcut basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
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
    convBackward(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_OUT, 64, 8, 8, 64, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_PROJ_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // bn2 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
    // bn1 + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 32, 16 * 16, RELU);
  }

  /**
   * The head: the final BN+ReLU, global average pooling and the fully connected layer.
   */
  private void forwardHead() {
    // final_bn + relu (N,64,8,8)
    batchNorm(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_2_OUT, FINAL_BN_OUT, 64, 8 * 8, RELU);
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
    batchNormBackward(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_2_OUT, FINAL_BN_OUT, 64, 8 * 8, RELU);
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
     * {@code blocks.0.proj.weight} [16, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_PROJ_WEIGHT = 5104;

    /**
     * {@code blocks.1.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 5360;

    /**
     * {@code blocks.1.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 5376;

    /**
     * {@code blocks.1.conv1.weight} [32, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 5392;

    /**
     * {@code blocks.1.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_WEIGHT = 10000;

    /**
     * {@code blocks.1.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_BIAS = 10032;

    /**
     * {@code blocks.1.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 10064;

    /**
     * {@code blocks.1.proj.weight} [32, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_WEIGHT = 19280;

    /**
     * {@code blocks.2.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 19792;

    /**
     * {@code blocks.2.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 19824;

    /**
     * {@code blocks.2.conv1.weight} [64, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 19856;

    /**
     * {@code blocks.2.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_WEIGHT = 38288;

    /**
     * {@code blocks.2.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_BIAS = 38352;

    /**
     * {@code blocks.2.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 38416;

    /**
     * {@code blocks.2.proj.weight} [64, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_WEIGHT = 75280;

    /**
     * {@code final_bn.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_WEIGHT = 77328;

    /**
     * {@code final_bn.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_BIAS = 77392;

    /**
     * {@code fc.weight} [10, 64]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 77456;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 78096;

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
     * {@code blocks.1.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN2_STATE = 96;

    /**
     * {@code blocks.2.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN1_STATE = 160;

    /**
     * {@code blocks.2.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN2_STATE = 224;

    /**
     * {@code final_bn}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int FINAL_BN_STATE = 352;

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
     * {@code blocks.0.proj} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_PROJ_OUT = 68608;

    /**
     * {@code blocks.0} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_OUT = 84992;

    /**
     * {@code blocks.1.bn1} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 101376;

    /**
     * {@code blocks.1.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 117760;

    /**
     * {@code blocks.1.bn2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN2_OUT = 125952;

    /**
     * {@code blocks.1.proj} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_OUT = 134144;

    /**
     * {@code blocks.1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_OUT = 142336;

    /**
     * {@code blocks.2.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 150528;

    /**
     * {@code blocks.2.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 158720;

    /**
     * {@code blocks.2.bn2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN2_OUT = 162816;

    /**
     * {@code blocks.2.proj} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_OUT = 166912;

    /**
     * {@code blocks.2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_OUT = 171008;

    /**
     * {@code final_bn} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int FINAL_BN_OUT = 175104;

    /**
     * {@code pool} (N,64): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 179200;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 179264;

    private Offsets() {
    }
  }
}
