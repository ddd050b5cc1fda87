package org.skipline.examples;

import static org.skipline.examples.DropoutShortcutResNet8Network.Offsets.*;

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
 * The BN after addition, dropout shortcut 0.25 network of {@link DropoutShortcutResNet8}: 8 layers of basic units.
 *
 * <p>Depth 8 = 6 * 1 + 2: a 3x3 stem convolution, three stages of 1 basic units (2 convolutions each) and a fully connected layer.
 * Stage outputs: 16 channels at 32x32, 32 channels at 16x16, 64 channels at 8x8.
 * Input (N,3,32,32), 10 classes. 78,042 parameters; 12,501,632 multiply-adds per image.
 * Memory: 848,168 bytes per image in training and 208,896 in inference, plus 1,531,704 fixed.
 *
 * <pre>{@code
 * DropoutShortcutResNet8Network net = new DropoutShortcutResNet8Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,3,32,32], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 8, preActivation = true, activation = BN_AFTER_ADDITION, shortcut = DROPOUT, shortcutDropout = 0.25)"
)
public final class DropoutShortcutResNet8Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("DropoutShortcutResNet8", 8, true, UnitType.AUTO, 3, 32, 32, 10, 16, DownsampleStride.FIRST_1X1, ActivationOrder.BN_AFTER_ADDITION, Shortcut.DROPOUT, 0.5, false, -6.0, 0.25);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public DropoutShortcutResNet8Network(int capacity) {
    super(PLAN, capacity);
  }

  private DropoutShortcutResNet8Network(DropoutShortcutResNet8Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new DropoutShortcutResNet8Network(this);
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
    // stem_bn + relu (N,16,32,32)
    batchNorm(STEM_BN_WEIGHT, STEM_BN_STATE, STEM_OUT, STEM_BN_OUT, 16, 32 * 32, RELU);
  }

  /**
   * The stem: a 3x3 convolution, BN and ReLU.
   */
  private void backwardStem() {
    // stem_bn + relu (N,16,32,32)
    batchNormBackward(STEM_BN_WEIGHT, STEM_BN_STATE, STEM_OUT, STEM_BN_OUT, 16, 32 * 32, RELU);
    // stem: 3x3 conv, stride 1, padding 1, (N,3,32,32) -> (N,16,32,32)
    convBackwardWeightOnly(STEM_WEIGHT, INPUT, STEM_OUT, 3, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): BN after addition, dropout shortcut 0.25 basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> conv1 3x3 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `------ dropout 0.25 of identity x_l -------'
   * </pre>
   */
  private void forwardStage1Unit1() {
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV1_WEIGHT, STEM_BN_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    conv(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV2_OUT, 16, 32, 32, 16, 3, 1, 1);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = x (identity), F = conv2 (N,16,32,32)
    dropoutAdd(STEM_BN_OUT, BLOCKS_0_CONV2_OUT, BLOCKS_0_SUM_MASK_OUT, BLOCKS_0_SUM_OUT, 16 * 32 * 32, 0.25f, 0);
    // post_bn + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_0_POST_BN_WEIGHT, BLOCKS_0_POST_BN_STATE, BLOCKS_0_SUM_OUT, BLOCKS_0_POST_BN_OUT, 16, 32 * 32, RELU);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): BN after addition, dropout shortcut 0.25 basic unit, identity shortcut, (N,16,32,32) -> (N,16,32,32).
   *
   * <pre>
   * x_l -> conv1 3x3 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `------ dropout 0.25 of identity x_l -------'
   * </pre>
   */
  private void backwardStage1Unit1() {
    // post_bn + relu (N,16,32,32), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_0_POST_BN_WEIGHT, BLOCKS_0_POST_BN_STATE, BLOCKS_0_SUM_OUT, BLOCKS_0_POST_BN_OUT, 16, 32 * 32, RELU);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = x (identity), F = conv2 (N,16,32,32)
    // the shortcut's share: dL/d(out) where the mask kept the shortcut (scaled as it was), 0 where it dropped it; the branch gets dL/d(out) whole
    dropoutAddBackward(STEM_BN_OUT, BLOCKS_0_CONV2_OUT, BLOCKS_0_SUM_MASK_OUT, BLOCKS_0_SUM_OUT, 16 * 32 * 32);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV2_OUT, 16, 32, 32, 16, 3, 1, 1);
    // bn1 + relu (N,16,32,32)
    batchNormBackward(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN1_OUT, 16, 32 * 32, RELU);
    // stem_bn + relu (N,16,32,32) again, from its input and batch statistics: the forward pass did not keep it
    batchNormRecompute(STEM_BN_WEIGHT, STEM_BN_STATE, STEM_OUT, STEM_BN_OUT, 16, 32 * 32, RELU);
    // conv1: 3x3 conv, stride 1, padding 1, (N,16,32,32) -> (N,16,32,32)
    convBackward(BLOCKS_0_CONV1_WEIGHT, STEM_BN_OUT, BLOCKS_0_CONV1_OUT, 16, 32, 32, 16, 3, 1, 1);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): BN after addition, dropout shortcut 0.25 basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> conv1 3x3/2 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `- dropout 0.25 of proj 1x1/2 -> proj_bn of x_l -'
   * </pre>
   */
  private void forwardStage2Unit1() {
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_1_CONV1_WEIGHT, BLOCKS_0_POST_BN_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
    // bn1 + relu (N,32,16,16)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN1_OUT, 32, 16 * 16, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    conv(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV2_OUT, 32, 16, 16, 32, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    conv(BLOCKS_1_PROJ_WEIGHT, BLOCKS_0_POST_BN_OUT, BLOCKS_1_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // proj_bn (N,32,16,16)
    batchNorm(BLOCKS_1_PROJ_BN_WEIGHT, BLOCKS_1_PROJ_BN_STATE, BLOCKS_1_PROJ_OUT, BLOCKS_1_PROJ_BN_OUT, 32, 16 * 16, NO_RELU);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = proj_bn, F = conv2 (N,32,16,16)
    dropoutAdd(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_CONV2_OUT, BLOCKS_1_SUM_MASK_OUT, BLOCKS_1_SUM_OUT, 32 * 16 * 16, 0.25f, 1);
    // post_bn + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_1_POST_BN_WEIGHT, BLOCKS_1_POST_BN_STATE, BLOCKS_1_SUM_OUT, BLOCKS_1_POST_BN_OUT, 32, 16 * 16, RELU);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): BN after addition, dropout shortcut 0.25 basic unit, stride 2, projection shortcut, (N,16,32,32) -> (N,32,16,16).
   *
   * <pre>
   * x_l -> conv1 3x3/2 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `- dropout 0.25 of proj 1x1/2 -> proj_bn of x_l -'
   * </pre>
   */
  private void backwardStage2Unit1() {
    // post_bn + relu (N,32,16,16), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_1_POST_BN_WEIGHT, BLOCKS_1_POST_BN_STATE, BLOCKS_1_SUM_OUT, BLOCKS_1_POST_BN_OUT, 32, 16 * 16, RELU);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = proj_bn, F = conv2 (N,32,16,16)
    // the shortcut's share: dL/d(out) where the mask kept the shortcut (scaled as it was), 0 where it dropped it; the branch gets dL/d(out) whole
    dropoutAddBackward(BLOCKS_1_PROJ_BN_OUT, BLOCKS_1_CONV2_OUT, BLOCKS_1_SUM_MASK_OUT, BLOCKS_1_SUM_OUT, 32 * 16 * 16);
    // proj_bn (N,32,16,16)
    batchNormBackward(BLOCKS_1_PROJ_BN_WEIGHT, BLOCKS_1_PROJ_BN_STATE, BLOCKS_1_PROJ_OUT, BLOCKS_1_PROJ_BN_OUT, 32, 16 * 16, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,16,32,32) -> (N,32,16,16)
    // its input, post_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_PROJ_WEIGHT, BLOCKS_0_POST_BN_OUT, BLOCKS_1_PROJ_OUT, 16, 32, 32, 32, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,16,16) -> (N,32,16,16)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV2_OUT, 32, 16, 16, 32, 3, 1, 1);
    // bn1 + relu (N,32,16,16)
    batchNormBackward(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN1_OUT, 32, 16 * 16, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,16,32,32) -> (N,32,16,16)
    // its input, post_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV1_WEIGHT, BLOCKS_0_POST_BN_OUT, BLOCKS_1_CONV1_OUT, 16, 32, 32, 32, 3, 2, 1);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): BN after addition, dropout shortcut 0.25 basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> conv1 3x3/2 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `- dropout 0.25 of proj 1x1/2 -> proj_bn of x_l -'
   * </pre>
   */
  private void forwardStage3Unit1() {
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_2_CONV1_WEIGHT, BLOCKS_1_POST_BN_OUT, BLOCKS_2_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
    // bn1 + relu (N,64,8,8)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN1_OUT, 64, 8 * 8, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    conv(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV2_OUT, 64, 8, 8, 64, 3, 1, 1);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    conv(BLOCKS_2_PROJ_WEIGHT, BLOCKS_1_POST_BN_OUT, BLOCKS_2_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // proj_bn (N,64,8,8)
    batchNorm(BLOCKS_2_PROJ_BN_WEIGHT, BLOCKS_2_PROJ_BN_STATE, BLOCKS_2_PROJ_OUT, BLOCKS_2_PROJ_BN_OUT, 64, 8 * 8, NO_RELU);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = proj_bn, F = conv2 (N,64,8,8)
    dropoutAdd(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_CONV2_OUT, BLOCKS_2_SUM_MASK_OUT, BLOCKS_2_SUM_OUT, 64 * 8 * 8, 0.25f, 2);
    // post_bn + relu (N,64,8,8)
    batchNorm(BLOCKS_2_POST_BN_WEIGHT, BLOCKS_2_POST_BN_STATE, BLOCKS_2_SUM_OUT, BLOCKS_2_POST_BN_OUT, 64, 8 * 8, RELU);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): BN after addition, dropout shortcut 0.25 basic unit, stride 2, projection shortcut, (N,32,16,16) -> (N,64,8,8).
   *
   * <pre>
   * x_l -> conv1 3x3/2 -> bn1 -> ReLU -> conv2 3x3 -(+)-> post_bn -> ReLU -> x_l+1
   *    `- dropout 0.25 of proj 1x1/2 -> proj_bn of x_l -'
   * </pre>
   */
  private void backwardStage3Unit1() {
    // post_bn + relu (N,64,8,8)
    batchNormBackward(BLOCKS_2_POST_BN_WEIGHT, BLOCKS_2_POST_BN_STATE, BLOCKS_2_SUM_OUT, BLOCKS_2_POST_BN_OUT, 64, 8 * 8, RELU);
    // out = dropout(S, 0.25) + F (S + F in evaluation), S = proj_bn, F = conv2 (N,64,8,8)
    // the shortcut's share: dL/d(out) where the mask kept the shortcut (scaled as it was), 0 where it dropped it; the branch gets dL/d(out) whole
    dropoutAddBackward(BLOCKS_2_PROJ_BN_OUT, BLOCKS_2_CONV2_OUT, BLOCKS_2_SUM_MASK_OUT, BLOCKS_2_SUM_OUT, 64 * 8 * 8);
    // proj_bn (N,64,8,8)
    batchNormBackward(BLOCKS_2_PROJ_BN_WEIGHT, BLOCKS_2_PROJ_BN_STATE, BLOCKS_2_PROJ_OUT, BLOCKS_2_PROJ_BN_OUT, 64, 8 * 8, NO_RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,32,16,16) -> (N,64,8,8)
    // its input, post_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_PROJ_WEIGHT, BLOCKS_1_POST_BN_OUT, BLOCKS_2_PROJ_OUT, 32, 16, 16, 64, 1, 2, 0);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,8,8) -> (N,64,8,8)
    // its input, bn1 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV2_OUT, 64, 8, 8, 64, 3, 1, 1);
    // bn1 + relu (N,64,8,8)
    batchNormBackward(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN1_OUT, 64, 8 * 8, RELU);
    // conv1: 3x3 conv, stride 2, padding 1, (N,32,16,16) -> (N,64,8,8)
    // its input, post_bn + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV1_WEIGHT, BLOCKS_1_POST_BN_OUT, BLOCKS_2_CONV1_OUT, 32, 16, 16, 64, 3, 2, 1);
  }

  /**
   * The head:  global average pooling and the fully connected layer.
   */
  private void forwardHead() {
    // global average pool: (N,64,8,8) -> (N,64)
    pool(BLOCKS_2_POST_BN_OUT, POOL_OUT, 64, 8 * 8);
    // fc: (N,64) -> logits (N,10)
    fullyConnected(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 64, 10);
  }

  /**
   * The head:  global average pooling and the fully connected layer.
   */
  private void backwardHead() {
    // fc: (N,64) -> logits (N,10)
    fullyConnectedBackward(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 64, 10);
    // global average pool: (N,64,8,8) -> (N,64)
    poolBackward(BLOCKS_2_POST_BN_OUT, POOL_OUT, 64, 8 * 8);
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
     * {@code blocks.0.conv1.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV1_WEIGHT = 464;

    /**
     * {@code blocks.0.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_WEIGHT = 2768;

    /**
     * {@code blocks.0.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_BIAS = 2784;

    /**
     * {@code blocks.0.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV2_WEIGHT = 2800;

    /**
     * {@code blocks.0.post_bn.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_POST_BN_WEIGHT = 5104;

    /**
     * {@code blocks.0.post_bn.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_POST_BN_BIAS = 5120;

    /**
     * {@code blocks.1.conv1.weight} [32, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 5136;

    /**
     * {@code blocks.1.bn1.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 9744;

    /**
     * {@code blocks.1.bn1.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 9776;

    /**
     * {@code blocks.1.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 9808;

    /**
     * {@code blocks.1.proj.weight} [32, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_WEIGHT = 19024;

    /**
     * {@code blocks.1.proj_bn.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_WEIGHT = 19536;

    /**
     * {@code blocks.1.proj_bn.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_BN_BIAS = 19568;

    /**
     * {@code blocks.1.post_bn.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_POST_BN_WEIGHT = 19600;

    /**
     * {@code blocks.1.post_bn.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_POST_BN_BIAS = 19632;

    /**
     * {@code blocks.2.conv1.weight} [64, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 19664;

    /**
     * {@code blocks.2.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 38096;

    /**
     * {@code blocks.2.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 38160;

    /**
     * {@code blocks.2.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 38224;

    /**
     * {@code blocks.2.proj.weight} [64, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_WEIGHT = 75088;

    /**
     * {@code blocks.2.proj_bn.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_WEIGHT = 77136;

    /**
     * {@code blocks.2.proj_bn.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_BN_BIAS = 77200;

    /**
     * {@code blocks.2.post_bn.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_POST_BN_WEIGHT = 77264;

    /**
     * {@code blocks.2.post_bn.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_POST_BN_BIAS = 77328;

    /**
     * {@code fc.weight} [10, 64]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 77392;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 78032;

    /**
     * {@code stem_bn}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int STEM_BN_STATE = 0;

    /**
     * {@code blocks.0.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN1_STATE = 32;

    /**
     * {@code blocks.0.post_bn}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_POST_BN_STATE = 64;

    /**
     * {@code blocks.1.bn1}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN1_STATE = 96;

    /**
     * {@code blocks.1.proj_bn}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_PROJ_BN_STATE = 160;

    /**
     * {@code blocks.1.post_bn}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_POST_BN_STATE = 224;

    /**
     * {@code blocks.2.bn1}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN1_STATE = 288;

    /**
     * {@code blocks.2.proj_bn}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_PROJ_BN_STATE = 416;

    /**
     * {@code blocks.2.post_bn}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_POST_BN_STATE = 544;

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
     * {@code blocks.0.sum.mask} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_SUM_MASK_OUT = 84992;

    /**
     * {@code blocks.0.sum} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_SUM_OUT = 101376;

    /**
     * {@code blocks.0.post_bn} (N,16,32,32): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_POST_BN_OUT = 117760;

    /**
     * {@code blocks.1.conv1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 134144;

    /**
     * {@code blocks.1.bn1} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 142336;

    /**
     * {@code blocks.1.conv2} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV2_OUT = 150528;

    /**
     * {@code blocks.1.proj} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_OUT = 158720;

    /**
     * {@code blocks.1.proj_bn} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_BN_OUT = 166912;

    /**
     * {@code blocks.1.sum.mask} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_SUM_MASK_OUT = 175104;

    /**
     * {@code blocks.1.sum} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_SUM_OUT = 183296;

    /**
     * {@code blocks.1.post_bn} (N,32,16,16): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_POST_BN_OUT = 191488;

    /**
     * {@code blocks.2.conv1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 199680;

    /**
     * {@code blocks.2.bn1} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 203776;

    /**
     * {@code blocks.2.conv2} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV2_OUT = 207872;

    /**
     * {@code blocks.2.proj} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_OUT = 211968;

    /**
     * {@code blocks.2.proj_bn} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_BN_OUT = 216064;

    /**
     * {@code blocks.2.sum.mask} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_SUM_MASK_OUT = 220160;

    /**
     * {@code blocks.2.sum} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_SUM_OUT = 224256;

    /**
     * {@code blocks.2.post_bn} (N,64,8,8): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_POST_BN_OUT = 228352;

    /**
     * {@code pool} (N,64): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 232448;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 232512;

    private Offsets() {
    }
  }
}
