package org.skipline.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the gradient of each activation lives in the backward pass. A pre-activation unit's last
 * convolution adds the shortcut to its output ({@link Layer.Conv#shortcut()}), and an addition
 * passes its output's gradient unchanged to both operands; so the shortcut's gradient is the
 * output's, in the same memory: in a stage of full pre-activation units, every unit's output
 * gradient is one buffer that each unit's first batch norm adds its share into. This is safe
 * because every other reader of the shortcut comes before the convolution in the forward pass:
 * in the backward pass, the convolution has read the shared gradient before those readers add
 * into it. An original unit's addition is followed by a ReLU, which masks the gradient, so its
 * operands keep gradients of their own.
 */
public final class GradientLayout {

  /**
   * Activation offsets; by their number, the offset of the gradient each uses and the number of
   * the activation that owns that gradient.
   */
  private final OffsetIndex activationOffsets;
  private final int[] gradientOffsets;
  private final int[] owners;

  private GradientLayout(OffsetIndex activationOffsets, int[] gradientOffsets) {
    this.activationOffsets = activationOffsets;
    this.gradientOffsets = gradientOffsets;
    this.owners = Arrays.stream(gradientOffsets).map(activationOffsets::numberOf).toArray();
  }

  /** The gradient layout of {@code plan}. */
  public static GradientLayout of(Plan plan) {
    List<Layer> layers = plan.layers();
    Map<Activation, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Activation a : layers.get(i).inputs()) {
        readers.computeIfAbsent(a, x -> new ArrayList<>()).add(i);
      }
    }
    Map<Activation, Activation> owner = new HashMap<>();
    // Last layer first, so that an output's own owner is known before its shortcut joins it.
    for (int t = layers.size() - 1; t >= 0; t--) {
      int i = t;
      if (layers.get(i) instanceof Layer.Conv conv && conv.shortcut().isPresent()) {
        Activation shortcut = conv.shortcut().get();
        if (!readers.get(shortcut).stream().allMatch(r -> r <= i) || shortcut == conv.in()) {
          throw new IllegalStateException(conv.name() + " adds " + shortcut.name()
              + ", which a later layer or the convolution itself reads: their gradients cannot"
              + " be one buffer");
        }
        owner.put(shortcut, owner.getOrDefault(conv.out(), conv.out()));
      }
    }
    OffsetIndex offsets =
        new OffsetIndex(plan.activations().stream().mapToInt(Activation::offset).toArray());
    int[] gradients = new int[offsets.size()];
    for (Activation a : plan.activations()) {
      gradients[offsets.numberOf(a.offset())] = owner.getOrDefault(a, a).offset();
    }
    return new GradientLayout(offsets, gradients);
  }

  /**
   * The per-image offset of the gradient of the activation at {@code activationOffset}: its own
   * offset, or that of the activation whose gradient it shares.
   */
  public int offset(int activationOffset) {
    return gradientOffsets[activationOffsets.numberOf(activationOffset)];
  }

  /**
   * Which gradient the activation at {@code activationOffset} uses, numbered from 0 to {@link
   * #gradients()} (exclusive) with gaps: activations that share a gradient get the same number.
   */
  public int gradient(int activationOffset) {
    return owners[activationOffsets.numberOf(activationOffset)];
  }

  /** One more than the largest number {@link #gradient} returns. */
  public int gradients() {
    return activationOffsets.size();
  }
}
