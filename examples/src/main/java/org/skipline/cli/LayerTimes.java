package org.skipline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skipline.plan.Layer;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Interpreter.Step;

/**
 * Where a training step's time goes: a clock read after every call of the interpreter's passes,
 * the time since the previous reading charged to the call, and the calls summed by kind of layer
 * (and, if asked, shape) and pass in each step. The interpreter makes the generated class's
 * calls, one per layer, so the table is the generated class's too.
 */
final class LayerTimes implements Interpreter.Watcher {

  /** One row: the calls of one kind in one pass, and their time in each counted step. */
  private static final class Row {
    int calls;
    double flops;
    long stepNanos;
    final List<Long> perStep = new ArrayList<>();
  }

  /** What the table's rows tell apart, besides the pass. */
  enum Rows {
    /** Kinds of layer: one row for all 3x3 convolutions of stride 1, one for all batch norms. */
    KIND,
    /** Kinds of layer and their shapes: channels in and out and the output's size. */
    SHAPE
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final Plan plan;
  private final int batch;
  private final Rows by;
  private boolean counting;
  private long last;
  private long stepStart;
  private final List<Long> steps = new ArrayList<>();
  private final List<Long> rests = new ArrayList<>();

  LayerTimes(Plan plan, int batch, Rows by) {
    this.plan = plan;
    this.batch = batch;
    this.by = by;
  }

  /**
   * Starts the backward pass: the loss and the zeroing of gradients before it are not charged to
   * its first call (which computes the loss's gradient: the classifier's row).
   */
  void startPass() {
    last = System.nanoTime();
  }

  /**
   * Starts a step, counted or not (warm-up): the forward pass's first call is charged with the
   * copy of the input before it (the stem's row).
   */
  void startStep(boolean count) {
    counting = count;
    stepStart = System.nanoTime();
    startPass();
  }

  /** Ends a step: its whole time, the SGD update included, and each row's share of it. */
  void endStep() {
    if (!counting) {
      return;
    }
    long step = System.nanoTime() - stepStart;
    long charged = 0;
    for (Row row : rows.values()) {
      row.perStep.add(row.stepNanos);
      charged += row.stepNanos;
      row.stepNanos = 0;
    }
    steps.add(step);
    rests.add(step - charged);
  }

  @Override
  public void after(Step step, Layer layer) {
    long now = System.nanoTime();
    if (counting) {
      // Rows in the order their first call comes: the forward pass's, then the backward's.
      Row row = rows.computeIfAbsent(rowOf(step, layer), k -> new Row());
      row.calls++;
      row.stepNanos += now - last;
      row.flops += flops(step, layer);
    }
    last = now;
  }

  /**
   * The row a call is charged to: its kind of layer and pass. The stem's convolution and strided
   * convolutions have rows of their own, their shapes being the least efficient.
   */
  private String rowOf(Step step, Layer layer) {
    if (step == Step.RECOMPUTE) {
      return "batch norms, recomputed";
    }
    String kind = switch (layer) {
      case Layer.Conv c when c.in().equals(plan.input()) -> "the stem's convolution";
      case Layer.Conv c -> c.kernel() + "x" + c.kernel() + " convolutions"
          + (c.stride() > 1 ? " of stride " + c.stride() : "");
      case Layer.Norm n -> "batch norms";
      case Layer.Pool p -> "pooling and classifier";
      case Layer.FullyConnected f -> "pooling and classifier";
      case Layer.Add a -> "additions, ReLUs and shortcut combinations";
      case Layer.Relu r -> "additions, ReLUs and shortcut combinations";
      case Layer.Combine c -> "additions, ReLUs and shortcut combinations";
      case Layer.Gate g -> "additions, ReLUs and shortcut combinations";
    };
    return kind + (by == Rows.SHAPE ? shape(layer) : "")
        + (step == Step.FORWARD ? ", forward" : ", backward");
  }

  /** " 16->64 at 32x32" for a convolution, " 64 at 32x32" for a batch norm; else nothing. */
  private static String shape(Layer layer) {
    return switch (layer) {
      case Layer.Conv c -> " " + c.in().shape().channels() + "->" + sizeOf(c.out().shape());
      case Layer.Norm n -> " " + sizeOf(n.out().shape());
      default -> "";
    };
  }

  private static String sizeOf(Shape s) {
    return s.channels() + " at " + s.height() + "x" + s.width();
  }

  /**
   * A convolution's floating-point operations for the batch: two per multiply-add, forward; the
   * backward pass computes the input's gradient and the weights', twice as many (the stem's
   * input needs no gradient).
   */
  private double flops(Step step, Layer layer) {
    if (!(layer instanceof Layer.Conv c) || step == Step.RECOMPUTE) {
      return 0;
    }
    Shape out = c.out().shape();
    double multiplyAdds = (double) batch * out.channels() * out.pixels()
        * c.in().shape().channels() * c.kernel() * c.kernel();
    if (step == Step.FORWARD) {
      return 2 * multiplyAdds;
    }
    return c.in().equals(plan.input()) ? 2 * multiplyAdds : 4 * multiplyAdds;
  }

  /**
   * The table: per row the calls a step and the median over the counted steps of its
   * milliseconds, their share of the median step, and GFLOP/s at that median. Medians, because
   * on a shared machine a step now and then stalls (a collection, another tenant) and a mean
   * would charge the stall to whichever row it fell in.
   */
  String table() {
    int counted = steps.size();
    double stepMs = median(steps) / 1e6;
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "| layers (calls a step) | ms a step | share | GFLOP/s |%n|---|---|---|---|%n"));
    for (Map.Entry<String, Row> e : rows.entrySet()) {
      Row row = e.getValue();
      if (row.calls == 0) {
        continue;
      }
      double ms = median(row.perStep) / 1e6;
      double flopsPerStep = row.flops / counted;
      s.append(String.format(Locale.ROOT, "| %s (%d) | %.2f | %.1f %% | %s |%n", e.getKey(),
          row.calls / counted, ms, 100 * ms / stepMs, flopsPerStep == 0 ? ""
              : String.format(Locale.ROOT, "%.0f", flopsPerStep / (ms * 1e6))));
    }
    double rest = median(rests) / 1e6;
    s.append(String.format(Locale.ROOT, "| the rest: loss, zeroing gradients, SGD update | %.2f |"
        + " %.1f %% | |%n", rest, 100 * rest / stepMs));
    s.append(String.format(Locale.ROOT, "| whole step, median of %d | %.2f | 100 %% | |%n",
        counted, stepMs));
    return s.toString();
  }

  private static double median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
  }
}
