package org.skipline.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skipline.Shortcut;

/**
 * Where each activation of one image lives during a training pass. The backward pass needs a
 * convolution's input for its weight gradient, and a batch norm's input for its own; it does not
 * need to keep a batch norm's output, which is one fused multiply-add (and a ReLU) away from the
 * batch norm's input and the batch statistics cached in the forward pass. So every batch norm's
 * output is recomputed, to the same bits, just before the first backward step that reads it, and
 * lives only while the layers between the batch norm and its last reader run, forward and
 * backward: batch norms' outputs share a few tensors' worth of memory, and every other activation
 * has its own, kept from the forward pass to the backward pass.
 *
 * <p>A batch norm whose output only convolutions read is not even recomputed: each convolution
 * makes the few images it is about to read from the batch norm's input, forward and backward,
 * in a buffer that stays in the cache ({@link #appliedByReaders}), and its output has no place
 * here. That is every batch norm of a pre-activation unit.
 *
 * <p>In a pre-activation bottleneck unit this keeps the unit's output and the two inner
 * convolutions' outputs (6 of the 12 inner widths' worth of activations a unit writes).
 *
 * <p>A batch of a deep network holds more floats than one Java array can, so the layout comes in
 * chunks of at most a given number of floats an image, one array each: the kept activations in
 * forward order, cut where the next would not fit, then the batch norms' outputs, which share
 * memory, in a chunk of their own unless they fit the last one.
 */
public final class TrainingLayout {

  /** Plan offsets, and by their number the chunk and the offset in it of each here. */
  private final OffsetIndex planOffsets;
  private final int[] chunkOf;
  private final int[] offsets;
  private final int[] chunkFloats;
  private final int largestPiece;
  private final Map<Layer, List<Layer.Norm>> recomputedBefore;
  /** By the plan offset of its output, each batch norm that only convolutions read. */
  private final Map<Integer, Layer.Norm> appliedByReaders;

  private TrainingLayout(OffsetIndex planOffsets, int[] chunkOf, int[] offsets,
      int[] chunkFloats, int largestPiece, Map<Layer, List<Layer.Norm>> recomputedBefore,
      Map<Integer, Layer.Norm> appliedByReaders) {
    this.planOffsets = planOffsets;
    this.chunkOf = chunkOf;
    this.offsets = offsets;
    this.chunkFloats = chunkFloats;
    this.largestPiece = largestPiece;
    this.recomputedBefore = recomputedBefore;
    this.appliedByReaders = appliedByReaders;
  }

  /** The training layout of {@code plan}, in one chunk. */
  public static TrainingLayout of(Plan plan) {
    return of(plan, Integer.MAX_VALUE);
  }

  /**
   * The training layout of {@code plan} in chunks of at most {@code maxChunkFloats} an image.
   *
   * @throws IllegalArgumentException if an activation, or the batch norms' outputs together,
   *     need more ({@link #largestPiece()})
   */
  public static TrainingLayout of(Plan plan, int maxChunkFloats) {
    List<Layer> layers = plan.layers();
    Map<Activation, Layer.Norm> norms = new HashMap<>();
    Map<Activation, Integer> producer = new HashMap<>();
    Map<Activation, Integer> lastRead = new HashMap<>();
    Map<Activation, Integer> lastNeed = new HashMap<>();
    Map<Activation, Boolean> onlyConvolved = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Layer.Norm norm) {
        norms.put(norm.out(), norm);
      }
      producer.put(layer.out(), i);
      for (Activation a : layer.inputs()) {
        onlyConvolved.merge(a, layer instanceof Layer.Conv c && c.in().equals(a), Boolean::logicalAnd);
        lastRead.put(a, i);
        if (readsValueBackward(layer, a)) {
          lastNeed.put(a, i);
        }
      }
    }

    Map<Integer, Integer> placed = new HashMap<>();
    int kept = 0;
    for (Activation a : plan.activations()) {
      if (!norms.containsKey(a)) {
        placed.put(a.offset(), kept);
        kept += a.shape().size();
      }
    }

    // Batch norms' outputs after the kept activations, each at the lowest offset that overlaps
    // no output whose layers [batch norm, last reader] share one with its own.
    record Placed(int start, int end, int lastRead) {}
    List<Placed> live = new ArrayList<>();
    int floats = kept;
    Map<Layer, List<Layer.Norm>> before = new HashMap<>();
    for (Layer layer : layers) {
      if (!(layer instanceof Layer.Norm norm) || onlyConvolved.getOrDefault(norm.out(), false)) {
        continue;
      }
      int made = producer.get(norm.out());
      int size = norm.out().shape().size();
      live.removeIf(p -> p.lastRead() < made);
      live.sort(Comparator.comparingInt(Placed::start));
      int start = kept;
      for (Placed p : live) {
        if (start + size <= p.start()) {
          break;
        }
        start = Math.max(start, p.end());
      }
      live.add(new Placed(start, start + size, lastRead.getOrDefault(norm.out(), made)));
      placed.put(norm.out().offset(), start);
      floats = Math.max(floats, start + size);
      Integer need = lastNeed.get(norm.out());
      if (need != null) {
        before.computeIfAbsent(layers.get(need), x -> new ArrayList<>()).add(norm);
      }
    }

    // Cut into chunks: where a kept activation would cross the limit, and before the pool.
    int pool = floats - kept;
    int largest = Math.max(pool, plan.activations().stream()
        .filter(a -> !norms.containsKey(a)).mapToInt(a -> a.shape().size()).max().orElse(0));
    if (largest > maxChunkFloats) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "%,d floats an image do not fit chunks of %,d", largest, maxChunkFloats));
    }
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (Activation a : plan.activations()) {
      if (norms.containsKey(a)) {
        continue;
      }
      int start = placed.get(a.offset());
      if (start + a.shape().size() - starts.getLast() > maxChunkFloats) {
        starts.add(start);
      }
    }
    if (floats - starts.getLast() > maxChunkFloats) {
      starts.add(kept);
    }
    int[] chunkFloats = new int[starts.size()];
    for (int i = 0; i < chunkFloats.length; i++) {
      chunkFloats[i] = (i + 1 < starts.size() ? starts.get(i + 1) : floats) - starts.get(i);
    }

    OffsetIndex planOffsets =
        new OffsetIndex(placed.keySet().stream().mapToInt(Integer::intValue).toArray());
    int[] chunkOf = new int[planOffsets.size()];
    int[] offsets = new int[planOffsets.size()];
    for (int i = 0; i < offsets.length; i++) {
      int at = placed.get(planOffsets.offset(i));
      int chunk = starts.size() - 1;
      while (starts.get(chunk) > at) {
        chunk--;
      }
      chunkOf[i] = chunk;
      offsets[i] = at - starts.get(chunk);
    }
    before.replaceAll((layer, list) -> List.copyOf(list));
    Map<Integer, Layer.Norm> applied = new HashMap<>();
    norms.forEach((out, norm) -> {
      if (onlyConvolved.getOrDefault(out, false)) {
        applied.put(out.offset(), norm);
      }
    });
    return new TrainingLayout(planOffsets, chunkOf, offsets, chunkFloats, largest,
        Map.copyOf(before), Map.copyOf(applied));
  }

  /**
   * The batch norm whose output {@code a} is, if only convolutions read it: a training pass
   * never writes that output, and each convolution makes the few images it is about to read
   * from the batch norm's input, in a buffer that stays in the cache; null for any other
   * activation.
   */
  public Layer.Norm appliedByReaders(Activation a) {
    return appliedByReaders(a.offset());
  }

  /** {@link #appliedByReaders(Activation)} of the activation at {@code planOffset}. */
  public Layer.Norm appliedByReaders(int planOffset) {
    return appliedByReaders.get(planOffset);
  }

  /**
   * The most floats an image that one chunk must hold, whatever the limit: the largest kept
   * activation, or the batch norms' outputs together.
   */
  public int largestPiece() {
    return largestPiece;
  }

  /**
   * Whether {@code layer}'s backward step reads the value of its input {@code a}: a convolution
   * and the fully connected layer for their weight gradients, a batch norm for its own, a
   * gating combination for the gate's gradient. An addition, a constant scaling, a dropout
   * combination, a ReLU and a gate use only gradients or their own outputs; pooling averages.
   */
  static boolean readsValueBackward(Layer layer, Activation a) {
    return switch (layer) {
      case Layer.Conv c -> c.in().equals(a);
      case Layer.Norm b -> true;
      case Layer.FullyConnected f -> true;
      case Layer.Combine c -> c.kind() == Shortcut.EXCLUSIVE_GATING
          || c.kind() == Shortcut.SHORTCUT_ONLY_GATING;
      case Layer.Add x -> false;
      case Layer.Gate g -> false;
      case Layer.Relu r -> false;
      case Layer.Pool p -> false;
    };
  }

  /** Floats one image's training pass needs for its activations, in every chunk. */
  public int floats() {
    return java.util.Arrays.stream(chunkFloats).sum();
  }

  /** How many chunks, one array each, the layout comes in. */
  public int chunks() {
    return chunkFloats.length;
  }

  /** Floats an image of chunk {@code chunk}. */
  public int chunkFloats(int chunk) {
    return chunkFloats[chunk];
  }

  /**
   * The chunk of the activation at {@code planOffset} ({@link Activation#offset()}), which must
   * not be {@link #appliedByReaders(Activation) applied by its readers}.
   */
  public int chunk(int planOffset) {
    return chunkOf[planOffsets.numberOf(planOffset)];
  }

  /** Where the activation at {@code planOffset} lives in its {@link #chunk}. */
  public int offset(int planOffset) {
    return offsets[planOffsets.numberOf(planOffset)];
  }

  /**
   * The batch norms whose outputs the backward pass recomputes just before {@code layer}'s
   * backward step, the first to read them; none for most layers.
   */
  public List<Layer.Norm> recomputedBefore(Layer layer) {
    return recomputedBefore.getOrDefault(layer, List.of());
  }
}
