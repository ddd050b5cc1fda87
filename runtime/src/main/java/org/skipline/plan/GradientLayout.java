package org.skipline.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the gradient of each activation lives in the backward pass.
 *
 * <p><b>Shared gradients.</b> A pre-activation unit's last convolution adds the shortcut to its
 * output ({@link Layer.Conv#shortcut()}), and an addition passes its output's gradient unchanged
 * to both operands; so the shortcut's gradient is the output's, in the same memory: in a stage of
 * full pre-activation units, every unit's output gradient is one buffer that each unit's first
 * batch norm adds its share into. This is safe because every other reader of the shortcut comes
 * before the convolution in the forward pass: in the backward pass, the convolution has read the
 * shared gradient before those readers add into it. An original unit's addition is followed by a
 * ReLU, which masks the gradient, so its operands keep gradients of their own.
 *
 * <p><b>Reused memory.</b> A gradient is needed only from the backward step of the last layer
 * that reads its activation, which writes it first, to the backward step of the layer that
 * produced it, which reads it last. Gradients are placed in backward order, each at the lowest
 * offset that overlaps no gradient still needed, so the backward pass holds a few tensors'
 * worth of gradients whatever the depth, where one per activation would double the memory of
 * training. Bits do not change: the first layer to write a gradient overwrites what was there.
 */
public final class GradientLayout {

  /**
   * Activation offsets; by their number, the offset of the gradient each uses and the number of
   * the activation that owns that gradient.
   */
  private final OffsetIndex activationOffsets;
  private final int[] gradientOffsets;
  private final int[] owners;
  private final int floats;

  private GradientLayout(OffsetIndex activationOffsets, int[] gradientOffsets, int[] owners,
      int floats) {
    this.activationOffsets = activationOffsets;
    this.gradientOffsets = gradientOffsets;
    this.owners = owners;
    this.floats = floats;
  }

  /** The gradient layout of {@code plan}. */
  public static GradientLayout of(Plan plan) {
    List<Layer> layers = plan.layers();
    Map<Activation, Integer> lastReader = new HashMap<>();
    Map<Activation, Integer> producer = new HashMap<>();
    Map<Activation, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Activation a : layers.get(i).inputs()) {
        readers.computeIfAbsent(a, x -> new ArrayList<>()).add(i);
        lastReader.put(a, i);
      }
      producer.put(layers.get(i).out(), i);
    }
    // The loss writes the logits' gradient, after every layer.
    lastReader.put(plan.logits(), layers.size());

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

    // Each owned gradient is needed from its first write (the largest layer index among its
    // activations' readers) down to its last read (the smallest producer index); the input,
    // which no layer produces, until the end. An activation no layer reads (a dropout mask) has
    // no gradient.
    record Need(Activation owner, int size, int from, int to) {}
    Map<Activation, Need> needs = new HashMap<>();
    for (Activation a : plan.activations()) {
      Integer read = lastReader.get(a);
      if (read == null) {
        continue;
      }
      Activation o = owner.getOrDefault(a, a);
      int made = producer.getOrDefault(a, -1);
      needs.merge(o, new Need(o, a.shape().size(), read, made), (x, y) -> new Need(o,
          Math.max(x.size(), y.size()), Math.max(x.from(), y.from()), Math.min(x.to(), y.to())));
    }
    List<Need> order = new ArrayList<>(needs.values());
    order.sort(Comparator.comparingInt(Need::from).reversed()
        .thenComparingInt(n -> n.owner().offset()));

    record Placed(int start, int end, int to) {}
    List<Placed> live = new ArrayList<>();
    Map<Activation, Integer> placed = new HashMap<>();
    int floats = 0;
    for (Need need : order) {
      // Still needed at this step: every gradient whose last read is not after it.
      live.removeIf(p -> p.to() > need.from());
      live.sort(Comparator.comparingInt(Placed::start));
      int start = 0;
      for (Placed p : live) {
        if (start + need.size() <= p.start()) {
          break;
        }
        start = Math.max(start, p.end());
      }
      live.add(new Placed(start, start + need.size(), need.to()));
      placed.put(need.owner(), start);
      floats = Math.max(floats, start + need.size());
    }

    OffsetIndex offsets =
        new OffsetIndex(plan.activations().stream().mapToInt(Activation::offset).toArray());
    int[] gradients = new int[offsets.size()];
    int[] owners = new int[offsets.size()];
    for (Activation a : plan.activations()) {
      Activation o = owner.getOrDefault(a, a);
      int number = offsets.numberOf(a.offset());
      gradients[number] = placed.getOrDefault(o, 0);
      owners[number] = offsets.numberOf(o.offset());
    }
    return new GradientLayout(offsets, gradients, owners, floats);
  }

  /**
   * The per-image offset of the gradient of the activation at {@code activationOffset}, in a
   * buffer of {@link #floats()} floats an image.
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

  /** Floats of gradient one image's backward pass needs. */
  public int floats() {
    return floats;
  }
}
