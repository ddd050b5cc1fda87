package org.skipline.data;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Produces mini-batches of a data set: shuffled, normalised and augmented for training, or in order
 * for evaluation, preparing the next batch on a background thread while the caller trains on the
 * current one.
 *
 * <p><b>Determinism.</b> Batch {@code s} of epoch {@code e} depends only on the seed, {@code e} and
 * {@code s}: the epoch's permutation is drawn from a generator seeded with a hash of (seed, epoch),
 * and each image's crop offsets, flip and {@linkplain RandomErasing erased rectangle} come from a
 * hash of (seed, epoch, position in the epoch).
 * Thread timing therefore never changes a batch, and {@link #startEpoch} can resume in the middle
 * of an epoch without replaying the batches before it.
 *
 * <p><b>Incomplete batches.</b> A training loader drops the last {@code N mod batch} images of each
 * epoch's permutation, so every step sees a full batch (batch norm statistics of a handful of
 * images would be noise); a different permutation each epoch means no image is left out
 * systematically. An {@linkplain #evaluation evaluation} loader keeps the last partial batch.
 *
 * <pre>{@code
 * try (BatchLoader loader = new BatchLoader(data.train(), norm, 128, true, seed)) {
 *   for (int epoch = 0; epoch < epochs; epoch++) {
 *     loader.startEpoch(epoch, 0);
 *     while (loader.next(images, labels)) {
 *       network.forward(images, 128, true);  // then loss, backward and an SGD step
 *     }
 *   }
 * }
 * }</pre>
 */
public final class BatchLoader implements AutoCloseable {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /** Added to an image's augmentation key to give random erasing its own numbers. */
  private static final long ERASING_STREAM = 0x632be59bd9b4e019L;

  private final Dataset data;
  private final Normalization norm;
  private final int batch;
  private final boolean augment;
  private final RandomErasing erasing;
  private final boolean shuffle;
  private final long seed;
  private final int imageSize;
  private final int steps;

  /** Two batch buffers: the worker fills one while the caller copies out of the other. */
  private final float[][] bufferImages = new float[2][];

  private final int[][] bufferLabels = new int[2][];
  private final int[] bufferCounts = new int[2];

  /** One normalised image before augmentation; touched only by the worker thread. */
  private final float[] scratch;

  private final ExecutorService worker;

  private int[] order;
  private long epochKey;
  private int step;
  private int slot;
  private Future<?> pending;
  private boolean closed;

  /**
   * Creates a training loader that shuffles every epoch and drops the last incomplete batch.
   *
   * @param data the training split; its arrays are read, never modified
   * @param norm per-channel statistics applied to every image, usually {@code
   *     Normalization.of(data)}
   * @param batch images per batch, at most {@code data.size()}
   * @param augment whether to apply the paper's flip and padded crop ({@link Augmentation})
   * @param seed determines every epoch's order and augmentation
   */
  public BatchLoader(Dataset data, Normalization norm, int batch, boolean augment, long seed) {
    this(data, norm, batch, augment, RandomErasing.NONE, true, seed);
  }

  /**
   * Creates a training loader that also erases a random rectangle of some images, after the
   * flip and crop (or without them when {@code augment} is false).
   *
   * @param erasing how often and how much to erase; {@link RandomErasing#NONE} for never
   */
  public BatchLoader(Dataset data, Normalization norm, int batch, boolean augment,
      RandomErasing erasing, long seed) {
    this(data, norm, batch, augment, erasing, true, seed);
  }

  private BatchLoader(Dataset data, Normalization norm, int batch, boolean augment,
      RandomErasing erasing, boolean shuffle, long seed) {
    this.data = Objects.requireNonNull(data, "data");
    this.norm = Objects.requireNonNull(norm, "norm");
    if (norm.channels() != data.channels()) {
      throw new IllegalArgumentException(
          "normalisation has "
              + norm.channels()
              + " channels but "
              + data.name()
              + " has "
              + data.channels());
    }
    if (batch <= 0) {
      throw new IllegalArgumentException("batch size " + batch + " is not positive");
    }
    if (shuffle && batch > data.size()) {
      throw new IllegalArgumentException(
          "batch size "
              + batch
              + " is larger than the "
              + data.size()
              + " images of "
              + data.name()
              + ", so a training epoch would have no full batch");
    }
    this.batch = batch;
    this.augment = augment;
    this.erasing = Objects.requireNonNull(erasing, "erasing");
    this.shuffle = shuffle;
    this.seed = seed;
    this.imageSize = data.imageSize();
    this.steps = shuffle ? data.size() / batch : (data.size() + batch - 1) / batch;
    for (int i = 0; i < 2; i++) {
      bufferImages[i] = new float[batch * imageSize];
      bufferLabels[i] = new int[batch];
    }
    this.scratch = new float[imageSize];
    this.worker =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("skipline-batch-loader").factory());
  }

  /**
   * Creates an evaluation loader: images in data set order, normalised, not augmented, with the
   * last partial batch kept. Use {@link #fill} to learn how many images a batch holds.
   *
   * @param data the split to evaluate
   * @param norm the training split's statistics
   * @param batch images per batch (the last batch may hold fewer)
   * @return a loader whose epochs all give the same batches
   */
  public static BatchLoader evaluation(Dataset data, Normalization norm, int batch) {
    return new BatchLoader(data, norm, batch, false, RandomErasing.NONE, false, 0);
  }

  /**
   * Starts epoch {@code epoch} at batch {@code startStep}; {@code startStep = 0} is a full epoch,
   * and a larger value resumes exactly where an interrupted run stopped.
   *
   * @param epoch the epoch number, from 0
   * @param startStep the first batch to deliver, 0 to {@link #stepsPerEpoch()}
   */
  public void startEpoch(int epoch, int startStep) {
    checkOpen();
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch " + epoch + " is negative");
    }
    if (startStep < 0 || startStep > steps) {
      throw new IllegalArgumentException(
          "start step " + startStep + " is outside 0.." + steps + " for " + data.name());
    }
    awaitPending();
    epochKey = mix(seed ^ mix(epoch + GOLDEN_GAMMA));
    order = shuffle ? permutation(data.size(), epochKey) : identity(data.size());
    step = startStep;
    slot = 0;
    submit();
  }

  /**
   * Returns the number of batches in an epoch: {@code floor(N / batch)} for training, {@code ceil(N
   * / batch)} for evaluation.
   *
   * @return batches per epoch
   */
  public int stepsPerEpoch() {
    return steps;
  }

  /**
   * Returns the number of images in a full batch.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batch;
  }

  /**
   * Copies the next batch into the caller's arrays.
   *
   * @param images receives {@code [batch, C, H, W]} normalised (and for training, augmented) values
   * @param labels receives {@code [batch]} class indices
   * @return false, leaving the arrays untouched, when the epoch has no more batches
   */
  public boolean next(float[] images, int[] labels) {
    return fill(images, labels) > 0;
  }

  /**
   * Copies the next batch into the caller's arrays and returns how many images it holds, which is
   * the batch size except for the last batch of an evaluation loader.
   *
   * @param images receives {@code [count, C, H, W]} values at the start of the array
   * @param labels receives {@code [count]} class indices
   * @return the number of images copied, 0 at the end of the epoch
   */
  public int fill(float[] images, int[] labels) {
    checkOpen();
    if (order == null) {
      throw new IllegalStateException("startEpoch must be called before the first batch");
    }
    if (images.length < batch * imageSize || labels.length < batch) {
      throw new IllegalArgumentException(
          "batch arrays hold "
              + images.length
              + " values and "
              + labels.length
              + " labels, need "
              + batch * imageSize
              + " and "
              + batch);
    }
    if (step >= steps) {
      return 0;
    }
    awaitPending();
    int ready = slot;
    step++;
    slot ^= 1;
    submit();
    int count = bufferCounts[ready];
    System.arraycopy(bufferImages[ready], 0, images, 0, count * imageSize);
    System.arraycopy(bufferLabels[ready], 0, labels, 0, count);
    return count;
  }

  /** Stops the background thread; the loader cannot be used afterwards. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
    worker.shutdown();
  }

  /** Asks the worker to prepare batch {@code step} into buffer {@code slot}, if there is one. */
  private void submit() {
    if (step >= steps) {
      pending = null;
      return;
    }
    int s = step;
    int into = slot;
    pending = worker.submit(() -> prepare(s, into));
  }

  private void awaitPending() {
    if (pending == null) {
      return;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          pending.get();
          break;
        } catch (InterruptedException e) {
          // The batch is already being prepared; wait for it, then restore the interrupt.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("preparing a batch of " + data.name() + " failed", e);
    } finally {
      pending = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Fills buffer {@code into} with batch {@code s} of the current epoch; runs on the worker. */
  private void prepare(int s, int into) {
    float[] out = bufferImages[into];
    int[] outLabels = bufferLabels[into];
    int start = s * batch;
    int count = Math.min(batch, data.size() - start);
    float[] images = data.images();
    int[] labels = data.labels();
    int channels = data.channels();
    int pixels = data.height() * data.width();
    for (int j = 0; j < count; j++) {
      int index = order[start + j];
      outLabels[j] = labels[index];
      if (augment) {
        System.arraycopy(images, index * imageSize, scratch, 0, imageSize);
        norm.apply(scratch, 0, 1, channels, pixels);
        long bits = mix(epochKey + (start + j + 1L) * GOLDEN_GAMMA);
        int dy = (int) ((bits & 0xffffffL) % Augmentation.OFFSETS);
        int dx = (int) (((bits >>> 24) & 0xffffffL) % Augmentation.OFFSETS);
        boolean flip = (bits >>> 63) != 0;
        Augmentation.padCropFlip(
            out, j * imageSize, scratch, 0, channels, data.height(), data.width(), dy, dx, flip);
      } else {
        System.arraycopy(images, index * imageSize, out, j * imageSize, imageSize);
      }
    }
    if (!augment) {
      norm.apply(out, 0, count, channels, pixels);
    }
    if (erasing.enabled()) {
      for (int j = 0; j < count; j++) {
        // A stream of its own, apart from the crop's bits, so erasing leaves the crops as they are.
        long key = mix(mix(epochKey + (start + j + 1L) * GOLDEN_GAMMA) + ERASING_STREAM);
        erasing.apply(out, j * imageSize, channels, data.height(), data.width(), key);
      }
    }
    bufferCounts[into] = count;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("batch loader of " + data.name() + " is closed");
    }
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
  static int[] permutation(int n, long key) {
    int[] order = identity(n);
    SplittableRandom random = new SplittableRandom(key);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** SplitMix64's finaliser: a bijective hash whose output bits all depend on every input bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
