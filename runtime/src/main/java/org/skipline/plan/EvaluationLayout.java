package org.skipline.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each activation of one image lives during an evaluation pass, which needs no activation
 * once the layers that read it have run: a later activation takes its place. The whole pass then
 * fits in a few of the largest activations' worth of memory, small enough to stay in the cache,
 * where the training layout ({@link Activation#offset()}) keeps every activation for the
 * backward pass.
 *
 * <p>Activations are placed in forward order, each at the lowest offset that overlaps no
 * activation still to be read; the input starts at 0 and the logits are never given up.
 */
public final class EvaluationLayout {

  /** Training-layout offsets, and by their number the evaluation offset of each. */
  private final OffsetIndex trainingOffsets;
  private final int[] offsets;
  private final int floats;

  private EvaluationLayout(Map<Integer, Integer> placed, int floats) {
    trainingOffsets =
        new OffsetIndex(placed.keySet().stream().mapToInt(Integer::intValue).toArray());
    offsets = new int[trainingOffsets.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = placed.get(trainingOffsets.offset(i));
    }
    this.floats = floats;
  }

  /** The layout of {@code plan}'s activations for an evaluation pass. */
  public static EvaluationLayout of(Plan plan) {
    List<Layer> layers = plan.layers();
    Map<Activation, Integer> lastRead = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Activation a : layers.get(i).inputs()) {
        lastRead.put(a, i);
      }
    }
    lastRead.put(plan.logits(), layers.size());

    record Block(Activation activation, int start, int end) {}
    List<Block> live = new ArrayList<>();
    Map<Integer, Integer> placed = new HashMap<>();
    int floats = 0;
    for (int i = -1; i < layers.size(); i++) {
      Activation a = i < 0 ? plan.input() : layers.get(i).out();
      int size = a.shape().size();
      live.sort(Comparator.comparingInt(Block::start));
      int start = 0;
      for (Block b : live) {
        if (start + size <= b.start()) {
          break;
        }
        start = Math.max(start, b.end());
      }
      live.add(new Block(a, start, start + size));
      placed.put(a.offset(), start);
      floats = Math.max(floats, start + size);
      int layer = i;
      live.removeIf(b -> lastRead.getOrDefault(b.activation(), -1) <= layer);
    }
    // A dropout mask is no layer's output: training writes it, evaluation never touches it.
    for (Activation a : plan.activations()) {
      placed.putIfAbsent(a.offset(), 0);
    }
    return new EvaluationLayout(placed, floats);
  }

  /** Floats one image's evaluation pass needs. */
  public int floats() {
    return floats;
  }

  /** Where the activation at {@code trainingOffset} in the training layout lives here. */
  public int offset(int trainingOffset) {
    return offsets[trainingOffsets.numberOf(trainingOffset)];
  }
}
