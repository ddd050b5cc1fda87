package org.skipline;

/** Which convolution of a downsampling bottleneck unit carries the stride of 2. */
public enum DownsampleStride {
  /** The first 1x1 convolution, as in the authors' CIFAR code ({@code resnet-pre-act.lua}). */
  FIRST_1X1,
  /** The 3x3 convolution, as in later ImageNet code bases. */
  MIDDLE_3X3
}
