package org.skipline.runtime;

import java.util.List;
import org.skipline.Shortcut;
import org.skipline.plan.Layer;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.plan.TrainingLayout;

/**
 * Runs any {@link Plan} by walking its layers, calling the same helpers as generated code. It
 * serves specs that were not compiled in, and is the yardstick the generated classes are tested
 * and measured against.
 */
public final class Interpreter extends Network {

  /** The calls a pass makes for a layer, in the order a {@link Watcher} hears of them. */
  public enum Step {
    /** The layer's forward call. */
    FORWARD,
    /** A batch norm's output computed again before the first backward step that reads it. */
    RECOMPUTE,
    /** The layer's backward call. */
    BACKWARD
  }

  /**
   * Told after each call of a pass that runs layer by layer on the calling thread (every
   * training pass; an evaluation pass of fewer images than threads, not one that runs image by
   * image on replicas): to watch the gradient flow ({@link Network#gradientOf} after a {@link
   * Step#BACKWARD}), or to time the layers.
   */
  @FunctionalInterface
  public interface Watcher {
    /** {@code step} of {@code layer} has just run. */
    void after(Step step, Layer layer);
  }

  private final List<Layer> layers;
  /** Told after each call; or null. */
  private final Watcher watcher;

  /** Buffers for batches of up to {@code capacity} images. */
  public Interpreter(Plan plan, int capacity) {
    this(plan, capacity, null);
  }

  /** Buffers for batches of up to {@code capacity} images; {@code watcher} hears every call. */
  public Interpreter(Plan plan, int capacity, Watcher watcher) {
    super(plan, capacity);
    this.layers = plan.layers();
    this.watcher = watcher;
  }

  private Interpreter(Interpreter original) {
    super(original);
    this.layers = original.layers;
    this.watcher = null;
  }

  @Override
  protected Network replica() {
    return new Interpreter(this);
  }

  @Override
  public Network fresh(int capacity) {
    return new Interpreter(plan(), capacity);
  }

  @Override
  protected void forwardPass() {
    for (Layer layer : layers) {
      forward(this, layer);
      if (watcher != null) {
        watcher.after(Step.FORWARD, layer);
      }
    }
  }

  @Override
  protected void backwardPass() {
    for (Layer layer : layers.reversed()) {
      stepBack(this, layer, watcher);
    }
  }

  /**
   * One layer's backward step on {@code net}, as generated code makes it: first the batch norms'
   * outputs it is the first to read computed again ({@link TrainingLayout}), then its backward
   * call; {@code watcher} (or null) hears of each.
   */
  static void stepBack(Network net, Layer layer, Watcher watcher) {
    for (Layer.Norm b : net.trainingLayout().recomputedBefore(layer)) {
      recompute(net, b);
      if (watcher != null) {
        watcher.after(Step.RECOMPUTE, b);
      }
    }
    backward(net, layer);
    if (watcher != null) {
      watcher.after(Step.BACKWARD, layer);
    }
  }

  /** One layer's forward step on {@code net}: the call generated code makes for it. */
  static void forward(Network net, Layer layer) {
    switch (layer) {
      case Layer.Conv c -> {
        Shape s = c.in().shape();
        if (c.shortcut().isPresent()) {
          net.convPlus(c.weight().offset(), c.in().offset(), c.shortcut().get().offset(),
              c.out().offset(), s.channels(), s.height(), s.width(),
              c.out().shape().channels(), c.kernel(), c.stride(), c.padding());
        } else {
          net.conv(c.weight().offset(), c.in().offset(), c.out().offset(), s.channels(),
              s.height(), s.width(), c.out().shape().channels(), c.kernel(), c.stride(),
              c.padding());
        }
      }
      case Layer.Norm b -> net.batchNorm(b.norm().weight().offset(), b.norm().stateOffset(),
          b.in().offset(), b.out().offset(), b.norm().channels(), b.in().shape().pixels(),
          b.relu());
      case Layer.Add a -> net.add(a.shortcut().offset(), a.residual().offset(), a.out().offset(),
          a.out().shape().size(), a.relu());
      case Layer.Gate g -> net.gate(g.bias().offset(), g.in().offset(), g.out().offset(),
          g.out().shape().channels(), g.out().shape().pixels());
      case Layer.Combine c -> {
        int size = c.out().shape().size();
        switch (c.kind()) {
          case CONSTANT_SCALING -> net.scaledAdd(c.shortcut().offset(), c.residual().offset(),
              c.out().offset(), size, c.shortcutScale(), c.branchScale());
          case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> net.gatedAdd(c.shortcut().offset(),
              c.residual().offset(), c.gate().orElseThrow().offset(), c.out().offset(), size,
              c.kind() == Shortcut.EXCLUSIVE_GATING);
          case DROPOUT -> net.dropoutAdd(c.shortcut().offset(), c.residual().offset(),
              c.mask().orElseThrow().offset(), c.out().offset(), size, c.dropout(), c.stream());
          case IDENTITY, CONV_1X1 -> throw new IllegalStateException(
              c.kind() + " units add; they have no combination layer");
        }
      }
      case Layer.Relu r -> net.relu(r.in().offset(), r.out().offset(), r.out().shape().size());
      case Layer.Pool p -> net.pool(p.in().offset(), p.out().offset(), p.in().shape().channels(),
          p.in().shape().pixels());
      case Layer.FullyConnected f -> net.fullyConnected(f.weight().offset(), f.bias().offset(),
          f.in().offset(), f.out().offset(), f.in().shape().size(), f.out().shape().size());
    }
  }

  /**
   * A batch norm's output computed again on {@code net} from its input and batch statistics, as
   * generated code does before the first backward step that reads it ({@link TrainingLayout}).
   */
  private static void recompute(Network net, Layer.Norm b) {
    net.batchNormRecompute(b.norm().weight().offset(), b.norm().stateOffset(), b.in().offset(),
        b.out().offset(), b.norm().channels(), b.in().shape().pixels(), b.relu());
  }

  /**
   * One layer's backward call on {@code net}, once the batch norms' outputs it reads are there
   * again ({@link #stepBack}).
   */
  private static void backward(Network net, Layer layer) {
    switch (layer) {
      case Layer.Conv c -> {
        Shape s = c.in().shape();
        if (c.in().equals(net.plan().input())) {
          net.convBackwardWeightOnly(c.weight().offset(), c.in().offset(), c.out().offset(),
              s.channels(), s.height(), s.width(), c.out().shape().channels(), c.kernel(),
              c.stride(), c.padding());
        } else {
          net.convBackward(c.weight().offset(), c.in().offset(), c.out().offset(), s.channels(),
              s.height(), s.width(), c.out().shape().channels(), c.kernel(), c.stride(),
              c.padding());
        }
      }
      case Layer.Norm b -> net.batchNormBackward(b.norm().weight().offset(),
          b.norm().stateOffset(), b.in().offset(), b.out().offset(), b.norm().channels(),
          b.in().shape().pixels(), b.relu());
      case Layer.Add a -> net.addBackward(a.shortcut().offset(), a.residual().offset(),
          a.out().offset(), a.out().shape().size(), a.relu());
      case Layer.Gate g -> net.gateBackward(g.bias().offset(), g.in().offset(),
          g.out().offset(), g.out().shape().channels(), g.out().shape().pixels());
      case Layer.Combine c -> {
        int size = c.out().shape().size();
        switch (c.kind()) {
          case CONSTANT_SCALING -> net.scaledAddBackward(c.shortcut().offset(),
              c.residual().offset(), c.out().offset(), size, c.shortcutScale(), c.branchScale());
          case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> net.gatedAddBackward(
              c.shortcut().offset(), c.residual().offset(), c.gate().orElseThrow().offset(),
              c.out().offset(), size, c.kind() == Shortcut.EXCLUSIVE_GATING);
          case DROPOUT -> net.dropoutAddBackward(c.shortcut().offset(), c.residual().offset(),
              c.mask().orElseThrow().offset(), c.out().offset(), size);
          case IDENTITY, CONV_1X1 -> throw new IllegalStateException(
              c.kind() + " units add; they have no combination layer");
        }
      }
      case Layer.Relu r -> net.reluBackward(r.in().offset(), r.out().offset(),
          r.out().shape().size());
      case Layer.Pool p -> net.poolBackward(p.in().offset(), p.out().offset(),
          p.in().shape().channels(), p.in().shape().pixels());
      case Layer.FullyConnected f -> net.fullyConnectedBackward(f.weight().offset(),
          f.bias().offset(), f.in().offset(), f.out().offset(), f.in().shape().size(),
          f.out().shape().size());
    }
  }
}
