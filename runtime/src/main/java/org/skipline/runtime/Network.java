package org.skipline.runtime;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.skipline.io.Safetensors;
import org.skipline.io.SafetensorsException;
import org.skipline.io.Texts;
import org.skipline.kernels.BatchNorm;
import org.skipline.kernels.Conv2d;
import org.skipline.kernels.DropoutMask;
import org.skipline.kernels.Ema;
import org.skipline.kernels.FullyConnected;
import org.skipline.kernels.GateSigmoid;
import org.skipline.kernels.GlobalAvgPool;
import org.skipline.kernels.Relu;
import org.skipline.kernels.Residual;
import org.skipline.kernels.Simd;
import org.skipline.kernels.Sgd;
import org.skipline.kernels.ShortcutCombine;
import org.skipline.kernels.SoftmaxCrossEntropy;
import org.skipline.plan.Activation;
import org.skipline.plan.EvaluationLayout;
import org.skipline.plan.GradientLayout;
import org.skipline.plan.Layer;
import org.skipline.plan.NormState;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Shape;
import org.skipline.plan.TrainingLayout;

/**
 * A residual network with its memory: one flat buffer each for parameters, their gradients and
 * momentum, batch-norm statistics, activations and activation gradients, carved at the offsets of
 * its {@link Plan}. The buffers that only training needs are allocated by the first training
 * call, and the activations of a whole batch by the first training pass. A network used for
 * inference holds its parameters and running statistics, the activations still to be read of the
 * images in flight ({@link EvaluationLayout}, a few of the widest activations an image, whatever
 * the depth), one lowering workspace per worker thread and, from its first evaluation pass over
 * as many images as there are threads, one {@link #replica} per thread (a workspace and one
 * image's activations each): PreActResNet1001, whose training keeps 153 MB of activations per
 * image, evaluates a batch of any size in a few megabytes of activations.
 * After its first step, a training step allocates no buffers (only a few small objects per layer
 * to hand work to the worker threads).
 *
 * <p>Subclasses supply the forward and backward passes: the class the processor generates for a
 * spec (straight-line, one method per residual unit) or the {@link Interpreter}, which walks any
 * plan. Both call the same layer helpers below, which address activations of a batch of {@code
 * n} images at {@code n * offset} (see {@link Activation#offset()}), except in an evaluation
 * pass, which keeps only the activations still to be read, at {@code n} times their {@link
 * EvaluationLayout} offsets.
 *
 * <pre>{@code
 * Network net = new PreActResNet20Network(128);
 * net.forward(images, 128, true);      // training mode: batch statistics
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
public abstract class Network {

  /** Readable flags for generated calls: the layer applies ReLU to its output. */
  protected static final boolean RELU = true;

  /** Readable flags for generated calls: the layer's output is not rectified. */
  protected static final boolean NO_RELU = false;

  /**
   * The resource folder in which the annotation processor registers each spec class it compiled,
   * so that launchers can find every network on a class path: one empty file per spec, named
   * after the spec's binary name ({@code META-INF/skipline/specs/a.b.Outer$Inner}). One file per
   * spec, rather than one list of them all, lets build tools recompile specs one at a time: each
   * file comes from exactly one source file.
   */
  public static final String SPEC_RESOURCES = "META-INF/skipline/specs";

  /** Seed of the initial weights when none is given. */
  public static final long DEFAULT_SEED = 0;

  private final Plan plan;
  private final int capacity;
  /**
   * Threads a layer is split between: {@link Parallel#THREADS}, 1 in a {@link #replica}, or
   * what {@link #useThreads} set.
   */
  private int threads;

  /** Trainable parameters; layout of {@link Plan#parameters()}. */
  private final float[] params;
  /** Running mean and variance of every batch norm; layout of {@link NormState#stateOffset()}. */
  private final float[] running;
  /**
   * Activations of the current pass, in arrays: in an evaluation pass, the first holds one
   * image's {@link EvaluationLayout}, grown to {@code n} images' worth of it by a pass over n
   * images layer by layer; in a training pass, each holds {@code capacity} images' worth of one
   * chunk of the {@link TrainingLayout}, allocated by the first training pass.
   */
  private final float[][] acts;
  /** The logits of the last forward pass, {@code [N, classes]}, wherever the pass ran. */
  private final float[] batchLogits;

  // The training buffers are allocated by the first training call, so that a network used only
  // for inference holds no more than it needs (see the class comment).

  /** Gradients of the parameters, same layout as the parameters; backward adds into them. */
  private float[] grads;
  /** SGD momentum buffer, same layout. */
  private float[] velocity;
  /** Batch mean and inverse standard deviation saved by the training forward. */
  private float[] stats;
  /** Gradients of the activations, some shared, their memory reused ({@link GradientLayout}). */
  private float[] actGrads;
  /**
   * Per gradient, numbered by {@link GradientLayout#gradient}: whether the current backward pass
   * has written it yet. The first layer to write an activation's gradient overwrites it and the
   * later ones add to it, so no pass over all the gradients zeroes them.
   */
  private boolean[] gradientWritten;
  /** One lowering buffer per worker thread, each for one image, shared by all convolutions. */
  private final float[][] workspaces;
  /**
   * Per worker thread, created by the first evaluation pass over more than one image: a {@link
   * #replica} that runs that thread's share of the images one at a time.
   */
  private Network[] replicas;
  /** Per worker thread but the first: its share of a convolution's weight gradient. */
  private float[][] weightGradients;
  /**
   * The exponential moving average of the parameters and of the running statistics, same
   * layouts, from {@link #startAverage()} on; null in a network that keeps none.
   */
  private float[] averageParams;
  private float[] averageRunning;
  /** The label smoothing of the last {@link #loss} call, which {@link #backward} follows. */
  private float labelSmoothing;

  private final float[] probabilities;
  private final int[] labels;

  /** Where the activations of a training pass live, and which ones it recomputes. */
  final TrainingLayout trainingLayout() {
    return trainingLayout;
  }

  /** Images in the current batch. */
  protected int n;
  /** Whether the current forward pass normalises with batch statistics. */
  protected boolean training;
  /**
   * Whether the activations of the current pass are at their {@link EvaluationLayout} offsets
   * (times the batch): in every evaluation pass, which keeps only the activations still to be
   * read; else at their {@link TrainingLayout} offsets.
   */
  private boolean compact;
  private final EvaluationLayout evaluationLayout;
  private final TrainingLayout trainingLayout;
  private final GradientLayout gradientLayout;
  /** Per worker thread, the images of a batch norm's output a convolution is about to read. */
  private final float[][] madeImages;

  private long batchesTracked;
  /** The seed of {@link #initialize}, which keys the dropout masks. */
  private long dropoutSeed;

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises the
   * weights with {@link #DEFAULT_SEED}.
   */
  protected Network(Plan plan, int capacity) {
    this(plan, capacity, (Plan.MAX_ARRAY_FLOATS - Simd.ALIGNED_START) / Math.max(1, capacity));
  }

  /**
   * As {@link #Network(Plan, int)}, with training activations in arrays of at most {@code
   * maxChunkFloats} an image ({@link TrainingLayout}); tests split small networks this way.
   */
  Network(Plan plan, int capacity, int maxChunkFloats) {
    requireVectorModule();
    if (capacity < 1 || capacity > plan.maxBatch()) {
      throw new IllegalArgumentException(String.format(
          "%s cannot hold a batch of %d images: the batch must be between 1 and %d, the most"
              + " for which its largest tensor (%,d floats an image) fits a Java array",
          plan.spec().name(), capacity, plan.maxBatch(),
          TrainingLayout.of(plan).largestPiece()));
    }
    this.plan = plan;
    this.capacity = capacity;
    this.threads = Parallel.THREADS;
    this.evaluationLayout = EvaluationLayout.of(plan);
    this.trainingLayout = TrainingLayout.of(plan, maxChunkFloats);
    this.gradientLayout = GradientLayout.of(plan);
    this.madeImages = new float[Parallel.THREADS][];
    int classes = plan.logits().shape().channels();
    params = new float[plan.parameterFloats()];
    running = new float[plan.stateFloats()];
    acts = new float[trainingLayout.chunks()][];
    acts[0] = new float[Simd.ALIGNED_START + evaluationLayout.floats()];
    workspaces = new float[Parallel.THREADS][Simd.ALIGNED_START + plan.workspaceFloats()];
    batchLogits = new float[capacity * classes];
    probabilities = new float[capacity * classes];
    labels = new int[capacity];
    initialize(DEFAULT_SEED);
  }

  /**
   * Fails with one sentence when the JVM was started without the Vector API module. Without this
   * check a network builds (nothing before the first kernel call loads a vector class) and the
   * first pass ends in a {@code NoClassDefFoundError} from inside a convolution. Compiling specs
   * does not need the module: generated code calls only this class's helpers.
   */
  public static void requireVectorModule() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      throw new IllegalStateException("Skipline's kernels need the Vector API module"
          + " jdk.incubator.vector, which this JVM was started without: run java with"
          + " --add-modules jdk.incubator.vector (with Maven, in exec-maven-plugin's arguments"
          + " and surefire's argLine; javac does not need it to compile specs)");
    }
  }

  /**
   * A replica of {@code original} for evaluation passes: its own activations and workspace for
   * one image, the original's parameters and running statistics (the same arrays, read only),
   * and one thread.
   */
  protected Network(Network original) {
    this.plan = original.plan;
    this.capacity = 1;
    this.threads = 1;
    this.evaluationLayout = original.evaluationLayout;
    this.trainingLayout = original.trainingLayout;
    this.gradientLayout = original.gradientLayout;
    this.madeImages = new float[1][];
    params = original.params;
    running = original.running;
    acts = new float[][] {new float[Simd.ALIGNED_START + evaluationLayout.floats()]};
    workspaces = new float[1][Simd.ALIGNED_START + plan.workspaceFloats()];
    batchLogits = new float[plan.logits().shape().channels()];
    probabilities = new float[plan.logits().shape().channels()];
    labels = new int[1];
  }

  /**
   * A new {@link #Network(Network) replica} of this network, of the same class: subclasses
   * return {@code new TheirClass(this)}.
   */
  protected abstract Network replica();

  /**
   * A new network of this one's class and plan for batches of up to {@code capacity} images,
   * initialised with {@link #DEFAULT_SEED}: each shard of a data-parallel step runs one. A
   * generated network is made through its public {@code (int capacity)} constructor.
   */
  public Network fresh(int capacity) {
    try {
      return getClass().getConstructor(int.class).newInstance(capacity);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass().getName()
          + " has no public constructor taking the batch capacity", e);
    }
  }

  /** The plan whose offsets this network's buffers follow. */
  public final Plan plan() {
    return plan;
  }

  /** The largest batch this network's buffers hold. */
  public final int capacity() {
    return capacity;
  }

  /**
   * Initialises as the authors' code does: convolutions from {@code N(0, sqrt(2 / (R * R * K)))}
   * (He et al., fan-out), BN scale 1 and shift 0, running mean 0 and variance 1, the fully
   * connected weight uniform in {@code +-1/sqrt(C)} and its bias 0, a gate's bias its spec's
   * {@code gateBias}; clears the momentum. The random numbers are drawn in the parameters'
   * order, which a unit's layers need not run in (a projection runs before the branch's last
   * convolution, which adds it).
   *
   * <p>The seed also keys the dropout shortcut's masks: a training pass draws them from the seed,
   * the number of training passes before it ({@link #batchesTracked()}, which checkpoints keep)
   * and the unit, so a resumed run draws the masks it would have drawn ({@link DropoutMask}).
   */
  public final void initialize(long seed) {
    Random random = new Random(seed);
    dropoutSeed = seed;
    List<Layer> byParameters = plan.layers().stream()
        .sorted(Comparator.comparingInt(Network::firstParameterOffset))
        .toList();
    for (Layer layer : byParameters) {
      switch (layer) {
        case Layer.Conv c -> {
          double std = Math.sqrt(2.0 / (c.kernel() * c.kernel() * c.out().shape().channels()));
          fill(c.weight(), () -> (float) (random.nextGaussian() * std));
        }
        case Layer.Norm b -> {
          fill(b.norm().weight(), () -> 1f);
          fill(b.norm().bias(), () -> 0f);
          int c = b.norm().channels();
          Arrays.fill(running, b.norm().stateOffset(), b.norm().stateOffset() + c, 0f);
          Arrays.fill(running, b.norm().stateOffset() + c, b.norm().stateOffset() + 2 * c, 1f);
        }
        case Layer.FullyConnected f -> {
          double bound = 1 / Math.sqrt(f.in().shape().size());
          fill(f.weight(), () -> (float) ((2 * random.nextDouble() - 1) * bound));
          fill(f.bias(), () -> 0f);
        }
        case Layer.Gate g -> fill(g.bias(), () -> (float) g.initialBias());
        case Layer.Add a -> { }
        case Layer.Combine c -> { }
        case Layer.Relu r -> { }
        case Layer.Pool p -> { }
      }
    }
    if (grads != null) {
      Arrays.fill(velocity, 0f);
      Arrays.fill(grads, 0f);
    }
    batchesTracked = 0;
  }

  /** Where a layer's first parameter starts; after every parameter for a layer without any. */
  private static int firstParameterOffset(Layer layer) {
    return switch (layer) {
      case Layer.Conv c -> c.weight().offset();
      case Layer.Norm b -> b.norm().weight().offset();
      case Layer.FullyConnected f -> f.weight().offset();
      case Layer.Gate g -> g.bias().offset();
      case Layer.Add a -> Integer.MAX_VALUE;
      case Layer.Combine c -> Integer.MAX_VALUE;
      case Layer.Relu r -> Integer.MAX_VALUE;
      case Layer.Pool p -> Integer.MAX_VALUE;
    };
  }

  /**
   * The batch norm whose output at {@code offset} a training pass does not write ({@link
   * TrainingLayout#appliedByReaders}), or null: in training it computes only its statistics, and
   * its readers make the images they read with {@link #makeImages}.
   */
  private Layer.Norm notWritten(int offset) {
    return training ? trainingLayout.appliedByReaders(offset) : null;
  }

  /**
   * Writes images [first, first + count) of {@code norm}'s output into {@code into} from {@code
   * at}, to the bits its training forward would have written, for a convolution about to read
   * them: a few images, into a buffer that stays in the cache.
   */
  private void makeImages(Layer.Norm norm, float[] into, int at, int first, int count) {
    int weight = norm.norm().weight().offset();
    Shape s = norm.in().shape();
    int c = s.channels();
    BatchNorm.recomputeTraining(into, at, stats, norm.norm().stateOffset(),
        actsOf(norm.in().offset()), at(norm.in().offset()) + first * s.size(), params, weight,
        weight + c, count, c, s.height() * s.width(), norm.relu(), 0, c);
  }

  /** Where an image starts: its array and the index of its first float. */
  private record Image(float[] array, int at) {}

  /**
   * Images [first, first + count) of a convolution's input {@code in}, {@code size} floats each,
   * back to back: where the training pass keeps them, or, if {@code made} is the batch norm that
   * wrote nothing there, the images made in worker thread {@code part}'s buffer.
   */
  private Image inputImages(int in, Layer.Norm made, int first, int count, int size, int part) {
    if (made == null) {
      return new Image(actsOf(in), at(in) + first * size);
    }
    float[] buffer = madeImages(part, count * size);
    makeImages(made, buffer, Simd.ALIGNED_START, first, count);
    return new Image(buffer, Simd.ALIGNED_START);
  }

  /** Worker thread {@code part}'s buffer for {@code floats} floats of made images. */
  private float[] madeImages(int part, int floats) {
    float[] buffer = madeImages[part];
    if (buffer == null || buffer.length < Simd.ALIGNED_START + floats) {
      buffer = new float[Simd.ALIGNED_START + floats];
      madeImages[part] = buffer;
    }
    return buffer;
  }

  /**
   * Allocates the optimiser's buffers, once: gradients and momentum. A network that only takes
   * optimiser steps on gradients computed elsewhere (the driver of a data-parallel run) needs
   * no more.
   */
  private void allocateTrainingBuffers() {
    if (grads != null) {
      return;
    }
    grads = new float[plan.parameterFloats()];
    velocity = new float[plan.parameterFloats()];
  }

  /** Allocates, once, what a training pass needs beyond the optimiser's buffers. */
  private void allocatePassBuffers() {
    allocateTrainingBuffers();
    if (actGrads != null) {
      return;
    }
    stats = new float[plan.stateFloats()];
    actGrads = new float[Simd.ALIGNED_START + capacity * gradientLayout.floats()];
    gradientWritten = new boolean[gradientLayout.gradients()];
    int largestWeight = plan.layers().stream()
        .filter(l -> l instanceof Layer.Conv)
        .mapToInt(l -> ((Layer.Conv) l).weight().size())
        .max()
        .orElse(0);
    weightGradients = new float[threads][];
    for (int t = 1; t < threads; t++) {
      weightGradients[t] = new float[largestWeight];
    }
  }

  private void fill(Parameter p, java.util.function.Supplier<Float> values) {
    for (int i = 0; i < p.size(); i++) {
      params[p.offset() + i] = values.get();
    }
  }

  /**
   * Runs the forward pass on {@code batch} images laid out {@code [N,C,H,W]} in {@code images}.
   * In training mode batch norm uses and saves the batch statistics and updates the running ones;
   * in evaluation mode it uses the running statistics.
   */
  public final void forward(float[] images, int batch, boolean trainingMode) {
    checkBatch(batch);
    int size = plan.input().shape().size();
    if (images.length < batch * size) {
      throw new IllegalArgumentException(String.format(
          "a batch of %d images %s needs %d floats, but the array holds %d",
          batch, plan.input().shape(), batch * size, images.length));
    }
    if (trainingMode) {
      allocatePassBuffers();
    }
    n = batch;
    training = trainingMode;
    compact = !trainingMode;
    if (!trainingMode && batch > 1 && batch >= threads) {
      forwardImageByImage(images);
      return;
    }
    // Training keeps a full batch of what the backward pass reads; evaluation only the
    // activations still to be read.
    for (int chunk = 0; chunk < (compact ? 1 : acts.length); chunk++) {
      int floats = Simd.ALIGNED_START + (compact ? batch * evaluationLayout.floats()
          : capacity * trainingLayout.chunkFloats(chunk));
      if (acts[chunk] == null || acts[chunk].length < floats) {
        acts[chunk] = new float[floats];
      }
    }
    System.arraycopy(images, 0, actsOf(plan.input().offset()), at(plan.input().offset()),
        batch * size);
    forwardPass();
    System.arraycopy(actsOf(plan.logits().offset()), at(plan.logits().offset()), batchLogits, 0,
        batch * plan.logits().shape().size());
    if (trainingMode) {
      batchesTracked++;
    }
  }

  /**
   * An evaluation pass over {@link #n} images, at least one per thread (a smaller batch runs
   * layer by layer, splitting each layer between all the threads): in evaluation mode no layer
   * mixes images, so each thread takes a contiguous share of the batch and runs the whole network
   * on one image at a time, in a replica, copying only the logits back. Layer by layer, each
   * layer would stream the whole batch's tensors through memory and the threads would meet at
   * every layer; image by image, a layer's input is still in the cache the previous layer wrote
   * it to. The logits are those of one image through the same kernels either way, to the bit.
   */
  private void forwardImageByImage(float[] images) {
    int parts = Math.min(n, threads);
    if (replicas == null) {
      replicas = new Network[threads];
    }
    int size = plan.input().shape().size();
    int classes = plan.logits().shape().size();
    Parallel.run(parts, part -> {
      if (replicas[part] == null) {
        replicas[part] = replica();
      }
      Network replica = replicas[part];
      replica.n = 1;
      replica.training = false;
      replica.compact = true;
      for (int img = Parallel.start(n, parts, part); img < Parallel.start(n, parts, part + 1);
          img++) {
        System.arraycopy(images, img * size, replica.actsOf(plan.input().offset()),
            replica.at(plan.input().offset()),
            size);
        replica.forwardPass();
        System.arraycopy(replica.actsOf(plan.logits().offset()),
            replica.at(plan.logits().offset()), batchLogits,
            img * classes, classes);
      }
    });
  }

  /** The logits of the last forward pass, {@code [N, classes]}. */
  public final float[] logits() {
    return Arrays.copyOf(batchLogits, n * plan.logits().shape().size());
  }

  /**
   * Softmax cross-entropy of the last forward pass's logits against {@code labels}, averaged
   * over the batch; remembers the labels for {@link #backward()}.
   */
  public final double loss(int[] batchLabels) {
    return loss(batchLabels, 0f);
  }

  /**
   * Softmax cross-entropy of the last forward pass's logits against {@code labels} smoothed by
   * {@code smoothing} ({@link SoftmaxCrossEntropy}), averaged over the batch; remembers both for
   * {@link #backward()}, which then follows the smoothed loss.
   */
  public final double loss(int[] batchLabels, float smoothing) {
    if (batchLabels.length < n) {
      throw new IllegalArgumentException(
          "the batch has " + n + " images but only " + batchLabels.length + " labels");
    }
    System.arraycopy(batchLabels, 0, labels, 0, n);
    int classes = plan.logits().shape().channels();
    double loss = SoftmaxCrossEntropy.forward(probabilities, 0, batchLogits, 0, labels, n,
        classes, smoothing);
    labelSmoothing = smoothing;
    return loss;
  }

  /** How many images of the last {@link #loss} call have their label as the largest logit. */
  public final int correctPredictions() {
    int classes = plan.logits().shape().channels();
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (batchLogits[i * classes + k] > batchLogits[i * classes + best]) {
          best = k;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  /**
   * Back-propagates the loss of the last {@link #loss} call, adding parameter gradients into
   * {@link #gradient} buffers (call {@link #zeroGradients()} first to start from zero).
   */
  public final void backward() {
    if (!training) {
      throw new IllegalStateException(
          "backward needs a training-mode forward pass first: forward(images, n, true)");
    }
    Arrays.fill(gradientWritten, false);
    int classes = plan.logits().shape().channels();
    startGradient(plan.logits().offset(), n * classes);
    SoftmaxCrossEntropy.backward(actGrads, gradAt(plan.logits().offset()), probabilities, 0,
        labels, n, classes, labelSmoothing);
    backwardPass();
  }

  /** Sets every parameter gradient to zero. */
  public final void zeroGradients() {
    allocateTrainingBuffers();
    splitRun(grads.length, (first, count) -> Arrays.fill(grads, first, first + count, 0f));
  }

  /** One SGD step with momentum and weight decay on every parameter, PyTorch's semantics. */
  public final void sgdStep(float learningRate, float momentum, float weightDecay,
      boolean nesterov) {
    allocateTrainingBuffers();
    splitRun(params.length, (first, count) -> Sgd.step(params, grads, velocity, first,
        first + count, learningRate, momentum, weightDecay, nesterov));
  }

  /**
   * Starts an exponential moving average of the parameters and running statistics at their
   * current values; its buffers are allocated by the first call only.
   */
  public final void startAverage() {
    if (averageParams == null) {
      averageParams = new float[params.length];
      averageRunning = new float[running.length];
    }
    System.arraycopy(params, 0, averageParams, 0, params.length);
    System.arraycopy(running, 0, averageRunning, 0, running.length);
  }

  /** Whether this network keeps a moving average ({@link #startAverage()}). */
  public final boolean hasAverage() {
    return averageParams != null;
  }

  /**
   * Moves the average towards the current parameters and running statistics: {@code average =
   * decay * average + (1 - decay) * current} ({@link Ema}).
   */
  public final void updateAverage(float decay) {
    requireAverage();
    splitRun(params.length, (first, count) -> Ema.update(averageParams, params, first,
        first + count, decay));
    Ema.update(averageRunning, running, 0, running.length, decay);
  }

  /**
   * Exchanges the parameters and running statistics with their average, so that passes and
   * {@link #writeWeights} use the average; a second call restores them exactly.
   */
  public final void swapAverage() {
    requireAverage();
    swap(params, averageParams);
    swap(running, averageRunning);
  }

  private void requireAverage() {
    if (averageParams == null) {
      throw new IllegalStateException("this network keeps no moving average: startAverage()");
    }
  }

  private static void swap(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      float t = a[i];
      a[i] = b[i];
      b[i] = t;
    }
  }

  /**
   * Splits every layer between {@code count} threads from now on, rather than {@link
   * Parallel#THREADS}. Results depend on the thread count, so a network whose bits must match
   * another process's (a shard of a data-parallel step) fixes it. Only before the first pass.
   */
  public final void useThreads(int count) {
    if (count < 1 || count > Parallel.THREADS) {
      throw new IllegalArgumentException(String.format(
          "a network can use 1 to %d threads, not %d", Parallel.THREADS, count));
    }
    if (actGrads != null || replicas != null) {
      throw new IllegalStateException("the thread count is set before the first pass");
    }
    threads = count;
  }

  // Whole buffers, in the layouts of Plan.parameters() and NormState.stateOffset(), for
  // data-parallel training: a step's weights go out to the shards and their gradients and
  // running statistics come back as flat arrays.

  /** Floats in the parameter buffer (and in the gradient buffer). */
  public final int parameterFloats() {
    return params.length;
  }

  /** Floats in the running-statistics buffer. */
  public final int runningFloats() {
    return running.length;
  }

  /** Copies every parameter into {@code into}, whose length is {@link #parameterFloats()}. */
  public final void copyParameters(float[] into) {
    System.arraycopy(params, 0, into, 0, checkedLength(into, params.length, "parameters"));
  }

  /** Sets every parameter from {@code from}, whose length is {@link #parameterFloats()}. */
  public final void loadParameters(float[] from) {
    System.arraycopy(from, 0, params, 0, checkedLength(from, params.length, "parameters"));
  }

  /** Copies the running statistics into {@code into} ({@link #runningFloats()} long). */
  public final void copyRunningStatistics(float[] into) {
    System.arraycopy(running, 0, into, 0, checkedLength(into, running.length,
        "running statistics"));
  }

  /** Sets the running statistics from {@code from} ({@link #runningFloats()} long). */
  public final void loadRunningStatistics(float[] from) {
    System.arraycopy(from, 0, running, 0, checkedLength(from, running.length,
        "running statistics"));
  }

  /** Copies every parameter's gradient into {@code into} ({@link #parameterFloats()} long). */
  public final void copyGradients(float[] into) {
    allocateTrainingBuffers();
    System.arraycopy(grads, 0, into, 0, checkedLength(into, grads.length, "gradients"));
  }

  /**
   * Sets every parameter's gradient from {@code from}, as the sum of the shards' gradients that
   * the next {@link #sgdStep} applies.
   */
  public final void loadGradients(float[] from) {
    allocateTrainingBuffers();
    System.arraycopy(from, 0, grads, 0, checkedLength(from, grads.length, "gradients"));
  }

  /** Copies every parameter's momentum into {@code into} ({@link #parameterFloats()} long). */
  public final void copyMomentum(float[] into) {
    allocateTrainingBuffers();
    System.arraycopy(velocity, 0, into, 0, checkedLength(into, velocity.length, "momentum"));
  }

  /** Sets every parameter's momentum from {@code from} ({@link #parameterFloats()} long). */
  public final void loadMomentum(float[] from) {
    allocateTrainingBuffers();
    System.arraycopy(from, 0, velocity, 0, checkedLength(from, velocity.length, "momentum"));
  }

  private int checkedLength(float[] array, int length, String what) {
    if (array.length != length) {
      throw new IllegalArgumentException(String.format("%s of %s hold %d floats, not %d", what,
          plan.spec().name(), length, array.length));
    }
    return length;
  }

  /** A copy of one parameter's values. */
  public final float[] parameter(Parameter p) {
    return Arrays.copyOfRange(params, p.offset(), p.offset() + p.size());
  }

  /** Sets one parameter's values. */
  public final void setParameter(Parameter p, float[] values) {
    if (values.length != p.size()) {
      throw new IllegalArgumentException(String.format(
          "%s %s holds %d values, got %d", p.name(), p.shape(), p.size(), values.length));
    }
    System.arraycopy(values, 0, params, p.offset(), p.size());
  }

  /** Sets one batch norm's running mean and variance. */
  public final void setRunningStatistics(NormState norm, float[] mean, float[] variance) {
    if (mean.length != norm.channels() || variance.length != norm.channels()) {
      throw new IllegalArgumentException(String.format(
          "%s has %d channels, got %d means and %d variances", norm.name(), norm.channels(),
          mean.length, variance.length));
    }
    System.arraycopy(mean, 0, running, norm.stateOffset(), norm.channels());
    System.arraycopy(variance, 0, running, norm.stateOffset() + norm.channels(),
        norm.channels());
  }

  /** A copy of one batch norm's running mean. */
  public final float[] runningMean(NormState norm) {
    return Arrays.copyOfRange(running, norm.stateOffset(), norm.stateOffset() + norm.channels());
  }

  /** A copy of one batch norm's running variance. */
  public final float[] runningVariance(NormState norm) {
    int first = norm.stateOffset() + norm.channels();
    return Arrays.copyOfRange(running, first, first + norm.channels());
  }

  /** A copy of one parameter's gradient. */
  public final float[] gradient(Parameter p) {
    allocateTrainingBuffers();
    return Arrays.copyOfRange(grads, p.offset(), p.offset() + p.size());
  }

  /**
   * Sets the count of training passes so far, which the next training pass's dropout masks
   * follow (see {@link #initialize}): repeating a count repeats the masks, as a finite-difference
   * check of a dropout network needs.
   */
  public final void setBatchesTracked(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count of training passes cannot be negative: " + count);
    }
    batchesTracked = count;
  }

  /** Training-mode forward passes since initialisation, PyTorch's {@code num_batches_tracked}. */
  public final long batchesTracked() {
    return batchesTracked;
  }

  /**
   * A copy of an activation of the last training-mode forward pass, {@code [N, C, H, W]} for its
   * N images: one the backward pass keeps, or a batch norm's output while it is live ({@link
   * TrainingLayout}), such as from a watcher of {@link Interpreter}'s backward steps.
   */
  public final float[] activationOf(Activation a) {
    if (!training || compact) {
      throw new IllegalStateException("activations are kept after a training-mode forward pass");
    }
    Layer.Norm norm = notWritten(a.offset());
    if (norm != null) {
      float[] made = new float[n * a.shape().size()];
      makeImages(norm, made, 0, 0, n);
      return made;
    }
    return Arrays.copyOfRange(actsOf(a.offset()), at(a.offset()),
        at(a.offset()) + n * a.shape().size());
  }

  /**
   * A copy of the gradient of the loss with respect to an activation as it stands now, during a
   * backward pass (from a watcher of {@link Interpreter}'s backward steps): from when a layer that
   * reads the activation has written its share until the layer that produced it has run.
   * Activations whose gradients share one buffer ({@link GradientLayout}) show that buffer; at
   * other times the memory holds another gradient.
   */
  public final float[] gradientOf(Activation a) {
    allocatePassBuffers();
    return Arrays.copyOfRange(actGrads, gradAt(a.offset()),
        gradAt(a.offset()) + n * a.shape().size());
  }

  /**
   * Replaces the gradient of the loss with respect to an activation during a backward pass, from
   * a watcher of {@link Interpreter}'s backward steps, at a time {@link #gradientOf} may read it
   * (after a layer that reads the activation has stepped back): the layers still to step back add
   * to {@code gradient} instead, and receive it. For passes that ask what if, such as the gradient
   * the shortcuts alone carry down. Activations whose gradients share this memory ({@link
   * GradientLayout}) are the same gradient at that time.
   */
  public final void setGradientOf(Activation a, float[] gradient) {
    int size = n * a.shape().size();
    if (gradient.length != size) {
      throw new IllegalArgumentException(String.format("the gradient of %s holds %d floats at"
          + " batch %d, not %d", a.name(), size, n, gradient.length));
    }
    allocatePassBuffers();
    System.arraycopy(gradient, 0, actGrads, gradAt(a.offset()), size);
    addsToGradient(a.offset());  // written: later layers add to it
  }

  /** Prefix of the momentum tensors in a training checkpoint: {@code velocity.<name>}. */
  public static final String VELOCITY_PREFIX = "velocity.";

  /**
   * Prefix of the moving average's tensors in a training checkpoint: {@code ema.<name>} for
   * every parameter and running statistic.
   */
  public static final String AVERAGE_PREFIX = "ema.";

  /**
   * Prefix of tensors that a training run keeps in its checkpoints beside the network's state
   * (such as its loss at every step); loading skips them.
   */
  public static final String RUN_PREFIX = "run.";

  /**
   * Reads parameters and running statistics from a file with the PyTorch {@code state_dict}
   * names of the plan. Every tensor must be present with the exact shape, except {@code
   * num_batches_tracked}, which is optional; a tensor the network does not have is an error, as
   * in PyTorch's strict loading. A training checkpoint loads wherever weights do: its momentum
   * and run tensors are ignored, and of a run with a moving average ({@code ema.*}) the average
   * is loaded, as that run's final weights and export hold it. The file is checked whole, every
   * value finite, before anything is read, so a bad file leaves the network as it was. Clears
   * the momentum.
   */
  public final void loadWeights(Safetensors file) throws SafetensorsException {
    load(file, false);
    if (velocity != null) {
      Arrays.fill(velocity, 0f);
    }
  }

  /**
   * Reads what {@link #writeTrainingState} wrote: the weights, running statistics and the SGD
   * momentum of every parameter, and the moving average if this network keeps one, so that
   * training resumes exactly where it stopped.
   */
  public final void loadTrainingState(Safetensors file) throws SafetensorsException {
    allocateTrainingBuffers();
    load(file, true);
  }

  private void load(Safetensors file, boolean withVelocity) throws SafetensorsException {
    java.util.Set<String> required = new java.util.LinkedHashSet<>();
    java.util.Set<String> optional = new java.util.HashSet<>();
    for (Parameter p : plan.parameters()) {
      required.add(p.name());
      if (withVelocity) {
        required.add(VELOCITY_PREFIX + p.name());
      }
    }
    for (NormState norm : plan.norms()) {
      required.add(norm.name() + ".running_mean");
      required.add(norm.name() + ".running_var");
      optional.add(norm.name() + ".num_batches_tracked");
    }
    if (!withVelocity) {
      for (Parameter p : plan.parameters()) {
        optional.add(VELOCITY_PREFIX + p.name());
      }
    }
    boolean withAverage = withVelocity && averageParams != null;
    // Weights from a checkpoint of a run that keeps a moving average are the average's, as its
    // final.safetensors and its export are.
    boolean averageAsWeights = !withVelocity
        && file.names().stream().anyMatch(name -> name.startsWith(AVERAGE_PREFIX));
    String weights = averageAsWeights ? AVERAGE_PREFIX : "";
    for (String name : averageNames()) {
      (withAverage || averageAsWeights ? required : optional).add(name);
    }
    for (String name : file.names()) {
      if (!required.contains(name) && !optional.contains(name) && !name.startsWith(RUN_PREFIX)) {
        throw new SafetensorsException(String.format(
            "%s: tensor '%s' is not a parameter or buffer of %s (%d layers, %s units)",
            file.file(), Texts.abbreviate(name), plan.spec().name(), plan.spec().depth(),
            plan.variantName()));
      }
    }
    List<String> missing = required.stream().filter(name -> !file.contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new SafetensorsException(String.format(
          "%s lacks tensor '%s'%s that %s (%d layers, %s units) needs",
          file.file(), missing.getFirst(),
          missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "",
          plan.spec().name(), plan.spec().depth(), plan.variantName()));
    }
    float[] newParams = params.clone();
    float[] newVelocity = withVelocity ? velocity.clone() : null;
    float[] newRunning = running.clone();
    for (Parameter p : plan.parameters()) {
      file.readFloats(weights + p.name(), p.shapeArray(), newParams, p.offset());
      if (withVelocity) {
        file.readFloats(VELOCITY_PREFIX + p.name(), p.shapeArray(), newVelocity, p.offset());
      }
    }
    for (Parameter p : plan.parameters()) {
      requireFinite(file, weights + p.name(), newParams, p.offset(), p.size());
      if (withVelocity) {
        requireFinite(file, VELOCITY_PREFIX + p.name(), newVelocity, p.offset(), p.size());
      }
    }
    long tracked = 0;
    for (NormState norm : plan.norms()) {
      long[] shape = {norm.channels()};
      String mean = weights + norm.name() + ".running_mean";
      String variance = weights + norm.name() + ".running_var";
      file.readFloats(mean, shape, newRunning, norm.stateOffset());
      file.readFloats(variance, shape, newRunning, norm.stateOffset() + norm.channels());
      requireFinite(file, mean, newRunning, norm.stateOffset(), norm.channels());
      requireFinite(file, variance, newRunning, norm.stateOffset() + norm.channels(),
          norm.channels());
      String trackedName = norm.name() + ".num_batches_tracked";
      if (file.contains(trackedName)) {
        long[] values = file.longs(trackedName);
        if (values.length != 1) {
          throw new SafetensorsException(String.format(
              "%s: tensor '%s' should hold one value, found %d",
              file.file(), trackedName, values.length));
        }
        tracked = Math.max(tracked, values[0]);
      }
    }
    System.arraycopy(newParams, 0, params, 0, params.length);
    if (withVelocity) {
      System.arraycopy(newVelocity, 0, velocity, 0, velocity.length);
    }
    if (withAverage) {
      float[] newAverageParams = averageParams.clone();
      float[] newAverageRunning = averageRunning.clone();
      for (Parameter p : plan.parameters()) {
        String name = AVERAGE_PREFIX + p.name();
        file.readFloats(name, p.shapeArray(), newAverageParams, p.offset());
        requireFinite(file, name, newAverageParams, p.offset(), p.size());
      }
      for (NormState norm : plan.norms()) {
        long[] shape = {norm.channels()};
        int[] offsets = {norm.stateOffset(), norm.stateOffset() + norm.channels()};
        String[] names = {AVERAGE_PREFIX + norm.name() + ".running_mean",
            AVERAGE_PREFIX + norm.name() + ".running_var"};
        for (int i = 0; i < 2; i++) {
          file.readFloats(names[i], shape, newAverageRunning, offsets[i]);
          requireFinite(file, names[i], newAverageRunning, offsets[i], norm.channels());
        }
      }
      System.arraycopy(newAverageParams, 0, averageParams, 0, averageParams.length);
      System.arraycopy(newAverageRunning, 0, averageRunning, 0, averageRunning.length);
    }
    System.arraycopy(newRunning, 0, running, 0, running.length);
    batchesTracked = tracked;
  }

  /** The names of the moving average's tensors, parameters first. */
  private List<String> averageNames() {
    List<String> names = new java.util.ArrayList<>();
    for (Parameter p : plan.parameters()) {
      names.add(AVERAGE_PREFIX + p.name());
    }
    for (NormState norm : plan.norms()) {
      names.add(AVERAGE_PREFIX + norm.name() + ".running_mean");
      names.add(AVERAGE_PREFIX + norm.name() + ".running_var");
    }
    return names;
  }

  /** Refuses NaN and infinities, which would silently turn every output into NaN. */
  private static void requireFinite(Safetensors file, String name, float[] values, int offset,
      int count) throws SafetensorsException {
    for (int i = 0; i < count; i++) {
      if (!Float.isFinite(values[offset + i])) {
        throw new SafetensorsException(String.format(
            "%s: tensor '%s' holds %s at index %d; weights must be finite numbers", file.file(),
            name, values[offset + i], i));
      }
    }
  }

  /**
   * Adds {@link #writeWeights}, the SGD momentum of every parameter and the moving average, if
   * any, for resuming.
   */
  public final Safetensors.Writer writeTrainingState(Safetensors.Writer writer) {
    allocateTrainingBuffers();
    writeWeights(writer);
    for (Parameter p : plan.parameters()) {
      writer.putFloats(VELOCITY_PREFIX + p.name(), p.shapeArray(), velocity, p.offset());
    }
    if (averageParams != null) {
      for (Parameter p : plan.parameters()) {
        writer.putFloats(AVERAGE_PREFIX + p.name(), p.shapeArray(), averageParams, p.offset());
      }
      for (NormState norm : plan.norms()) {
        long[] shape = {norm.channels()};
        writer.putFloats(AVERAGE_PREFIX + norm.name() + ".running_mean", shape, averageRunning,
            norm.stateOffset());
        writer.putFloats(AVERAGE_PREFIX + norm.name() + ".running_var", shape, averageRunning,
            norm.stateOffset() + norm.channels());
      }
    }
    return writer;
  }

  /**
   * Adds parameters, running statistics and {@code num_batches_tracked} under their PyTorch
   * names, so that PyTorch's strict {@code load_state_dict} accepts the file.
   */
  public final Safetensors.Writer writeWeights(Safetensors.Writer writer) {
    for (Parameter p : plan.parameters()) {
      writer.putFloats(p.name(), p.shapeArray(), params, p.offset());
    }
    for (NormState norm : plan.norms()) {
      long[] shape = {norm.channels()};
      writer.putFloats(norm.name() + ".running_mean", shape, running, norm.stateOffset());
      writer.putFloats(norm.name() + ".running_var", shape, running,
          norm.stateOffset() + norm.channels());
      writer.putLongs(norm.name() + ".num_batches_tracked", new long[0],
          new long[] {batchesTracked});
    }
    return writer;
  }

  private void checkBatch(int batch) {
    if (batch < 1 || batch > capacity) {
      throw new IllegalArgumentException(String.format(
          "batch of %d images: this network was built for batches of 1 to %d", batch, capacity));
    }
  }

  /**
   * The array that holds the activation at per-image {@code offset} (see {@link
   * Activation#offset()}): that of its training layout chunk, or in a {@link #compact} pass the
   * first.
   */
  private float[] actsOf(int offset) {
    return acts[compact ? 0 : trainingLayout.chunk(offset)];
  }

  /**
   * Where the activation at per-image {@code offset} starts in {@link #actsOf its array}: {@code
   * n} times its offset in its training layout chunk, or in a {@link #compact} pass its
   * evaluation layout offset (scaling every place and size by the batch keeps apart what the
   * layout keeps apart), after the {@link Simd#ALIGNED_START} floats that align the buffer.
   */
  private int at(int offset) {
    return Simd.ALIGNED_START
        + n * (compact ? evaluationLayout.offset(offset) : trainingLayout.offset(offset));
  }

  /**
   * Where the gradient of the activation at per-image {@code offset} starts in the gradient
   * buffer: at its own place, or at that of the gradient it shares ({@link GradientLayout}).
   */
  private int gradAt(int offset) {
    return Simd.ALIGNED_START + n * gradientLayout.offset(offset);
  }

  /**
   * Whether a layer of the backward pass must add to the gradient of the activation at {@code
   * offset} rather than overwrite it, because another layer has written it already; from now on,
   * it has been written.
   */
  private boolean addsToGradient(int offset) {
    int i = gradientLayout.gradient(offset);
    boolean written = gradientWritten[i];
    gradientWritten[i] = true;
    return written;
  }

  /**
   * For the kernels that only add into an input gradient: zeroes the gradient of the {@code
   * floats} floats of the activation at {@code offset} unless another layer has written it.
   */
  private void startGradient(int offset, int floats) {
    if (!addsToGradient(offset)) {
      Arrays.fill(actGrads, gradAt(offset), gradAt(offset) + floats, 0f);
    }
  }

  /** The whole forward pass over {@link #n} images already in the input activation. */
  protected abstract void forwardPass();

  /** The whole backward pass, from the logits' gradient down to the first convolution. */
  protected abstract void backwardPass();

  // Layer helpers. Offsets are per image (the plan's); the helpers scale them by the batch.
  // Dimensions: C in channels, H,W input size, K out channels, R kernel size.

  /**
   * Convolution {@code in (N,C,H,W) -> out (N,K,P,Q)} with weight {@code [K,C,R,R]}. The images
   * are split between the worker threads; a batch smaller than the thread count is split image
   * by image instead, into bands of output rows where the convolution allows that ({@link
   * Conv2d#splitsByRows}), else by output channel. All give the same bits.
   */
  protected final void conv(int weight, int in, int out, int c, int h, int w, int k, int r,
      int stride, int padding) {
    convolve(weight, in, NO_SHORTCUT, out, c, h, w, k, r, stride, padding);
  }

  /**
   * Convolution that adds an activation of its output's shape to what it writes: {@code out =
   * conv(in) + plus}, the residual addition of a pre-activation unit done by the residual
   * branch's last convolution. Each image, band or block of channels gets its sum as soon as
   * the convolution has written it, while it is still in the cache, so the branch's own output
   * never goes to memory and is never read back; the sums are those of {@link #add}, bit for
   * bit. Its backward is {@link #convBackward}: the gradient of {@code plus} is the output's (see
   * {@link GradientLayout}).
   */
  protected final void convPlus(int weight, int in, int plus, int out, int c, int h, int w,
      int k, int r, int stride, int padding) {
    convolve(weight, in, plus, out, c, h, w, k, r, stride, padding);
  }

  /** {@link #convPlus}'s {@code plus} for {@link #conv}, which adds nothing. */
  private static final int NO_SHORTCUT = -1;

  /** {@link #conv} and {@link #convPlus}: each adds {@code plus} unless it is NO_SHORTCUT. */
  private void convolve(int weight, int in, int plus, int out, int c, int h, int w, int k, int r,
      int stride, int padding) {
    int p = Planner.outputSize(h, r, stride, padding);
    int q = Planner.outputSize(w, r, stride, padding);
    int pq = p * q;
    int inSize = c * h * w;
    int outSize = k * pq;
    boolean adds = plus != NO_SHORTCUT;
    Layer.Norm made = notWritten(in);
    float[] outActs = actsOf(out);
    float[] plusActs = adds ? actsOf(plus) : null;
    if (n >= threads || Simd.SCALAR) {
      // Scalar kernels are references: they run whole, as Conv2d.forwardScalar, split by image.
      // Small images go to the kernel a few at a time, which multiplies them in one product.
      int parts = Math.min(n, threads);
      int group = Conv2d.imagesPerProduct(pq, r, stride, padding);
      Parallel.run(parts, part -> {
        int end = Parallel.start(n, parts, part + 1);
        for (int img = Parallel.start(n, parts, part); img < end; img += group) {
          int count = Math.min(group, end - img);
          int o = at(out) + img * outSize;
          Image images = inputImages(in, made, img, count, inSize, part);
          Conv2d.forward(outActs, o, images.array(), images.at(), params, weight,
              workspaces[part], Simd.ALIGNED_START, count, c, h, w, k, r, stride, padding);
          if (adds) {
            Residual.forward(outActs, o, plusActs, at(plus) + img * outSize, outActs, o,
                count * outSize, false);
          }
        }
      });
      return;
    }
    int bands = bands(pq);
    if (Conv2d.splitsByRows(r, stride, padding) && bands > 1) {
      // Each thread lowers and multiplies its own band, in its own workspace, and the band it
      // writes is the one it reads in a next convolution or batch norm.
      for (int img = 0; img < n; img++) {
        Image image = inputImages(in, made, img, 1, inSize, 0);
        float[] inActs = image.array();
        int x = image.at();
        int o = at(out) + img * outSize;
        int a = adds ? at(plus) + img * outSize : 0;
        Parallel.run(bands, part -> {
          int firstRow = Parallel.start(p, bands, part);
          int endRow = Parallel.start(p, bands, part + 1);
          Conv2d.forwardRows(outActs, o, inActs, x, params, weight, workspaces[part],
              Simd.ALIGNED_START, c, h, w, k, r, stride, padding, firstRow, endRow);
          for (int ko = 0; adds && ko < k; ko++) {
            int band = ko * pq + firstRow * q;
            Residual.forward(outActs, o + band, plusActs, a + band, outActs, o + band,
                (endRow - firstRow) * q, false);
          }
        });
      }
      return;
    }
    int parts = parts(k, (long) outSize * c * r * r / MIN_MULTIPLY_ADDS_PER_FLOAT);
    for (int img = 0; img < n; img++) {
      Image image = inputImages(in, made, img, 1, inSize, 0);
      float[] inActs = image.array();
      int x = image.at();
      int o = at(out) + img * outSize;
      int a = adds ? at(plus) + img * outSize : 0;
      Conv2d.lower(workspaces[0], Simd.ALIGNED_START, inActs, x, c, h, w, r, stride, padding);
      Parallel.run(parts, part -> {
        int first = Parallel.start(k, parts, part);
        int end = Parallel.start(k, parts, part + 1);
        Conv2d.forwardChannels(outActs, o, inActs, x, params, weight, workspaces[0],
            Simd.ALIGNED_START, c, h, w, k, r, stride, padding, first, end);
        if (adds) {
          Residual.forward(outActs, o + first * pq, plusActs, a + first * pq, outActs,
              o + first * pq,
              (end - first) * pq, false);
        }
      });
    }
  }

  /** Backward of {@link #conv}: the weight gradient and the input gradient. */
  protected final void convBackward(int weight, int in, int out, int c, int h, int w, int k,
      int r, int stride, int padding) {
    convBackward(true, weight, in, out, c, h, w, k, r, stride, padding);
  }

  /** Backward of the stem {@link #conv}: the weight gradient only, the images need none. */
  protected final void convBackwardWeightOnly(int weight, int in, int out, int c, int h, int w,
      int k, int r, int stride, int padding) {
    convBackward(false, weight, in, out, c, h, w, k, r, stride, padding);
  }

  /**
   * Each thread takes a contiguous share of the images: the first adds its weight gradient into
   * the gradient buffer, the others into zeroed scratch buffers that are then added in thread
   * order, so the sum is the same for the same thread count.
   */
  private void convBackward(boolean inputGradient, int weight, int in, int out, int c, int h,
      int w, int k, int r, int stride, int padding) {
    int p = Planner.outputSize(h, r, stride, padding);
    int q = Planner.outputSize(w, r, stride, padding);
    int inSize = c * h * w;
    int outSize = k * p * q;
    int weightSize = k * c * r * r;
    int parts = Math.min(n, threads);
    boolean accumulate = inputGradient && addsToGradient(in);
    Layer.Norm made = notWritten(in);
    Parallel.run(parts, part -> {
      int first = Parallel.start(n, parts, part);
      int count = Parallel.start(n, parts, part + 1) - first;
      float[] dW = part == 0 ? grads : weightGradients[part];
      int dWOff = part == 0 ? weight : 0;
      if (part > 0) {
        Arrays.fill(dW, 0, weightSize, 0f);
      }
      Conv2d.InputImages images = made == null ? null
          : (into, at, firstMade, countMade) ->
              makeImages(made, into, at, first + firstMade, countMade);
      Conv2d.backward(inputGradient ? actGrads : null, gradAt(in) + first * inSize, accumulate,
          dW, dWOff, actGrads, gradAt(out) + first * outSize,
          made == null ? actsOf(in) : null, made == null ? at(in) + first * inSize : 0, images,
          params, weight, workspaces[part], Simd.ALIGNED_START, count, c, h, w, k, r, stride,
          padding);
    });
    for (int part = 1; part < parts; part++) {
      float[] partial = weightGradients[part];
      for (int i = 0; i < weightSize; i++) {
        grads[weight + i] += partial[i];
      }
    }
  }

  /**
   * Batch norm {@code in -> out}, both {@code (N,C,H,W)} with {@code hw = H*W}; scale at {@code
   * weight}, shift at {@code weight + c}; statistics at {@code state}. The channels are split
   * between the worker threads; each channel's sums stay on one thread, in one order. In
   * evaluation, a batch smaller than the thread count is split image by image into bands of
   * pixels instead, which are the convolutions' bands of rows when the threads divide the rows.
   */
  protected final void batchNorm(int weight, int state, int in, int out, int c, int hw,
      boolean relu) {
    int bands = bands(hw);
    if (!training && bands > 1) {
      for (int img = 0; img < n; img++) {
        int x = at(in) + img * c * hw;
        int y = at(out) + img * c * hw;
        Parallel.run(bands, part -> BatchNorm.forwardEvaluationPixels(actsOf(out), y, running,
            state, actsOf(in), x, params, weight, weight + c, c, hw, relu, Parallel.start(hw, bands, part),
            Parallel.start(hw, bands, part + 1)));
      }
      return;
    }
    int parts = parts(c, (long) n * c * hw);
    boolean writes = notWritten(out) == null;
    Parallel.run(parts, part -> {
      int first = Parallel.start(c, parts, part);
      int end = Parallel.start(c, parts, part + 1);
      if (!writes) {
        BatchNorm.statisticsTraining(stats, state, running, state, actsOf(in), at(in), n, c, hw,
            first, end);
      } else if (training) {
        BatchNorm.forwardTraining(actsOf(out), at(out), stats, state, running, state, actsOf(in), at(in),
            params, weight, weight + c, n, c, hw, relu, first, end);
      } else {
        BatchNorm.forwardEvaluation(actsOf(out), at(out), running, state, actsOf(in), at(in), params, weight,
            weight + c, n, c, hw, relu, first, end);
      }
    });
  }

  /**
   * Writes again, to the same bits, what {@link #batchNorm} wrote in the last training pass, from
   * its input and the batch statistics it cached: the backward pass keeps no batch norm's output
   * ({@link TrainingLayout}) and calls this before the first backward step that reads one.
   */
  protected final void batchNormRecompute(int weight, int state, int in, int out, int c, int hw,
      boolean relu) {
    int parts = parts(c, (long) n * c * hw);
    Parallel.run(parts, part -> BatchNorm.recomputeTraining(actsOf(out), at(out), stats, state, actsOf(in),
        at(in), params, weight, weight + c, n, c, hw, relu, Parallel.start(c, parts, part),
        Parallel.start(c, parts, part + 1)));
  }

  /** Backward of {@link #batchNorm} in training mode, split by channel the same way. */
  protected final void batchNormBackward(int weight, int state, int in, int out, int c, int hw,
      boolean relu) {
    int parts = parts(c, (long) n * c * hw);
    boolean accumulate = addsToGradient(in);
    Parallel.run(parts, part -> BatchNorm.backward(actGrads, gradAt(in), accumulate, grads,
        weight, weight + c, actGrads, gradAt(out), actsOf(in), at(in), stats, state, params, weight,
        weight + c, n, c, hw, relu, Parallel.start(c, parts, part),
        Parallel.start(c, parts, part + 1)));
  }

  /**
   * Residual addition {@code out = shortcut + residual}, {@code size} floats per image, split
   * into contiguous runs between the worker threads.
   */
  protected final void add(int shortcut, int residual, int out, int size, boolean relu) {
    splitRun(n * size, (first, count) -> Residual.forward(actsOf(out), at(out) + first, actsOf(shortcut),
        at(shortcut) + first, actsOf(residual), at(residual) + first, count, relu));
  }

  /** Backward of {@link #add}: the gradient flows unchanged into both operands. */
  protected final void addBackward(int shortcut, int residual, int out, int size,
      boolean relu) {
    boolean addToShortcut = addsToGradient(shortcut);
    boolean addToResidual = addsToGradient(residual);
    splitRun(n * size, (first, count) -> Residual.backward(actGrads, gradAt(shortcut) + first,
        addToShortcut, actGrads, gradAt(residual) + first, addToResidual, actGrads,
        gradAt(out) + first,
        actsOf(out), at(out) + first, count, relu));
  }

  /** {@code out = max(0, in)}, {@code size} floats per image, split as {@link #add} is. */
  protected final void relu(int in, int out, int size) {
    splitRun(n * size, (first, count) -> Relu.forward(actsOf(out), at(out) + first, actsOf(in),
        at(in) + first, count));
  }

  /** Backward of {@link #relu}: the gradient flows where the output is positive. */
  protected final void reluBackward(int in, int out, int size) {
    boolean addToIn = addsToGradient(in);
    splitRun(n * size, (first, count) -> Relu.backward(actGrads, gradAt(in) + first, addToIn,
        actGrads, gradAt(out) + first, actsOf(out), at(out) + first, count));
  }

  /**
   * A gating shortcut's gate {@code out = sigmoid(in + bias)}, {@code (N,C,H,W)} with {@code hw =
   * H*W}, the channels split between the worker threads.
   */
  protected final void gate(int bias, int in, int out, int c, int hw) {
    int parts = parts(c, (long) n * c * hw);
    Parallel.run(parts, part -> GateSigmoid.forward(actsOf(out), at(out), actsOf(in), at(in), params, bias,
        n, c, hw, Parallel.start(c, parts, part), Parallel.start(c, parts, part + 1)));
  }

  /** Backward of {@link #gate}: the gradient of {@code in} and of the bias, split by channel. */
  protected final void gateBackward(int bias, int in, int out, int c, int hw) {
    int parts = parts(c, (long) n * c * hw);
    boolean addToIn = addsToGradient(in);
    Parallel.run(parts, part -> GateSigmoid.backward(actGrads, gradAt(in), addToIn, grads, bias,
        actGrads, gradAt(out), actsOf(out), at(out), n, c, hw, Parallel.start(c, parts, part),
        Parallel.start(c, parts, part + 1)));
  }

  /** Constant scaling {@code out = a * shortcut + b * residual}, split as {@link #add} is. */
  protected final void scaledAdd(int shortcut, int residual, int out, int size, float a,
      float b) {
    splitRun(n * size, (first, count) -> ShortcutCombine.scaled(actsOf(out), at(out) + first, actsOf(shortcut),
        at(shortcut) + first, actsOf(residual), at(residual) + first, a, b, count));
  }

  /** Backward of {@link #scaledAdd}. */
  protected final void scaledAddBackward(int shortcut, int residual, int out, int size, float a,
      float b) {
    boolean addToShortcut = addsToGradient(shortcut);
    boolean addToResidual = addsToGradient(residual);
    splitRun(n * size, (first, count) -> ShortcutCombine.scaledBackward(actGrads,
        gradAt(shortcut) + first, addToShortcut, actGrads, gradAt(residual) + first,
        addToResidual, actGrads, gradAt(out) + first, a, b, count));
  }

  /**
   * Gating {@code out = (1 - g) * shortcut + g * residual} if {@code exclusive}, else {@code (1 -
   * g) * shortcut + residual}, split as {@link #add} is.
   */
  protected final void gatedAdd(int shortcut, int residual, int gate, int out, int size,
      boolean exclusive) {
    splitRun(n * size, (first, count) -> ShortcutCombine.gated(actsOf(out), at(out) + first, actsOf(shortcut),
        at(shortcut) + first, actsOf(residual), at(residual) + first, actsOf(gate), at(gate) + first, exclusive,
        count));
  }

  /** Backward of {@link #gatedAdd}: the gradients of both operands and of the gate. */
  protected final void gatedAddBackward(int shortcut, int residual, int gate, int out, int size,
      boolean exclusive) {
    boolean addToShortcut = addsToGradient(shortcut);
    boolean addToResidual = addsToGradient(residual);
    boolean addToGate = addsToGradient(gate);
    splitRun(n * size, (first, count) -> ShortcutCombine.gatedBackward(actGrads,
        gradAt(shortcut) + first, addToShortcut, actGrads, gradAt(residual) + first,
        addToResidual, actGrads, gradAt(gate) + first, addToGate, actGrads, gradAt(out) + first,
        actsOf(shortcut), at(shortcut) + first, actsOf(residual), at(residual) + first, actsOf(gate), at(gate) + first,
        exclusive, count));
  }

  /**
   * The dropout shortcut: in training, draws a mask into {@code mask} (see {@link #initialize}
   * for its seed; {@code stream} tells the units apart) and writes {@code out = mask * shortcut +
   * residual}, each kept value scaled by {@code 1 / (1 - p)}; in evaluation, {@code out =
   * shortcut + residual}.
   */
  protected final void dropoutAdd(int shortcut, int residual, int mask, int out, int size,
      float p, int stream) {
    if (!training) {
      add(shortcut, residual, out, size, NO_RELU);
      return;
    }
    long step = batchesTracked;
    long seed = dropoutSeed;
    splitRun(n * size, (first, count) -> {
      DropoutMask.fill(actsOf(mask), at(mask) + first, count, seed, step, stream, first, p);
      ShortcutCombine.masked(actsOf(out), at(out) + first, actsOf(shortcut), at(shortcut) + first, actsOf(residual),
          at(residual) + first, actsOf(mask), at(mask) + first, count);
    });
  }

  /** Backward of {@link #dropoutAdd} in training, with the mask its forward drew. */
  protected final void dropoutAddBackward(int shortcut, int residual, int mask, int out,
      int size) {
    boolean addToShortcut = addsToGradient(shortcut);
    boolean addToResidual = addsToGradient(residual);
    splitRun(n * size, (first, count) -> ShortcutCombine.maskedBackward(actGrads,
        gradAt(shortcut) + first, addToShortcut, actGrads, gradAt(residual) + first,
        addToResidual, actGrads, gradAt(out) + first, actsOf(mask), at(mask) + first, count));
  }

  /**
   * Bands of pixels that each image of a layer is split into, one per thread, when the batch is
   * smaller than the thread count and each band holds at least {@link #MIN_BAND_PIXELS}; else 1,
   * and the layer is split by channel. A layer split by bands hands its next layer data in the
   * same thread's cache only if that layer is split by the same bands, so every layer of one
   * image size decides the same way, whatever its work; small ones too, whose reads of the other
   * thread's half would cost more than handing it the work.
   */
  private int bands(int pixels) {
    return n < threads && pixels / threads >= MIN_BAND_PIXELS && !Simd.SCALAR ? threads : 1;
  }

  /**
   * See {@link #bands}: 8 rows of 16 pixels, or 8 vectors at 512 bits, enough for the
   * products' 6 x 4 tiles. Bands of 8 x 8 images' 4 rows ran the 3x3 products slower than a split
   * by output channel.
   */
  private static final int MIN_BAND_PIXELS = 128;

  /** Work on a run of {@code count} floats from index {@code first} of a layer's operands. */
  @FunctionalInterface
  private interface Run {
    void apply(int first, int count);
  }

  /**
   * Splits a pass over {@code len} floats into contiguous runs, one per worker thread, that start
   * a multiple of {@link #RUN_ALIGNMENT} floats into the pass: each run's vectors are the whole
   * pass's, and where the pass starts on a cache line, as an activation does, no two threads write
   * into one line.
   */
  private void splitRun(int len, Run work) {
    int parts = parts(len, len);
    int units = Math.ceilDiv(len, RUN_ALIGNMENT);
    Parallel.run(parts, part -> {
      int first = Parallel.start(units, parts, part) * RUN_ALIGNMENT;
      int end = Math.min(len, Parallel.start(units, parts, part + 1) * RUN_ALIGNMENT);
      work.apply(first, end - first);
    });
  }

  /** See {@link #splitRun}: 16 floats, one 64-byte cache line. */
  private static final int RUN_ALIGNMENT = 16;

  /**
   * Parts to split {@code items} into so that each worker thread gets at least {@link
   * #MIN_FLOATS_PER_PART} of the {@code floats} a layer touches: handing work to another thread
   * costs a few microseconds, more than a small layer's whole pass.
   */
  private int parts(int items, long floats) {
    long worthwhile = Math.max(1, floats / MIN_FLOATS_PER_PART);
    return (int) Math.min(Math.min(items, threads), worthwhile);
  }

  /** See {@link #parts}: 16K floats, 64 KB, take a few microseconds to stream through. */
  private static final int MIN_FLOATS_PER_PART = 16 * 1024;

  /**
   * Multiply-adds that take about as long as streaming one float, to weigh a convolution's work
   * in {@link #parts}: a thread gets at least this many times {@link #MIN_FLOATS_PER_PART}
   * multiply-adds.
   */
  private static final int MIN_MULTIPLY_ADDS_PER_FLOAT = 16;

  /** Global average pooling {@code (N,C,H,W) -> (N,C)}. */
  protected final void pool(int in, int out, int c, int hw) {
    GlobalAvgPool.forward(actsOf(out), at(out), actsOf(in), at(in), n, c, hw);
  }

  /** Backward of {@link #pool}. */
  protected final void poolBackward(int in, int out, int c, int hw) {
    startGradient(in, n * c * hw);
    GlobalAvgPool.backward(actGrads, gradAt(in), actGrads, gradAt(out), n, c, hw);
  }

  /** Fully connected {@code (N,C) -> (N,K)}, weight {@code [K,C]} and bias {@code [K]}. */
  protected final void fullyConnected(int weight, int bias, int in, int out, int c, int k) {
    FullyConnected.forward(actsOf(out), at(out), actsOf(in), at(in), params, weight, bias, n, c, k);
  }

  /** Backward of {@link #fullyConnected}. */
  protected final void fullyConnectedBackward(int weight, int bias, int in, int out, int c,
      int k) {
    startGradient(in, n * c);
    FullyConnected.backward(actGrads, gradAt(in), grads, weight, bias, actGrads, gradAt(out), actsOf(in),
        at(in), params, weight, n, c, k);
  }
}
