package org.skipline.train;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.skipline.data.BatchLoader;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.runtime.Network;
import org.skipline.runtime.Parallel;

/**
 * Data-parallel arithmetic: a step's batch of B images split into W shards, each normalised by
 * its own batch norm, as the paper's two GPUs each normalised 64 of 128 images.
 *
 * <ul>
 *   <li><b>Data.</b> Shard {@code w} trains on part {@code w} of the training set, the images
 *       whose index is {@code w} modulo W ({@link Dataset#part}), in its own order: a {@link
 *       BatchLoader} of {@link #shardBatch} images seeded with {@code seed + w}. A worker on a
 *       cluster therefore needs only its part, loaded once.
 *   <li><b>Passes.</b> Each shard runs the forward and backward passes of its images in a network
 *       of one thread, starting from the step's {@link State}: the weights, the running
 *       statistics and the count of training passes.
 *   <li><b>Sum.</b> The step's gradient is {@code sum over w of (n_w / B) g_w}, where {@code g_w}
 *       is the gradient of shard w's mean loss, added shard by shard in shard order; the running
 *       statistics are the same weighted mean of the shards' updated ones. The sum never follows
 *       the order in which shards finish.
 * </ul>
 *
 * <p>So the bits of a run depend on W and nothing else: not on how many threads or machines
 * compute the shards, nor when. {@code train --shards W} computes them here, up to one per
 * thread at once; the Spark module computes them on a cluster with the same {@link Worker} and
 * the same {@link #combine}, and the two runs write the same checkpoints.
 */
public final class Shards implements StepEngine {

  /** The start of a step, as every shard receives it. */
  public record State(float[] parameters, float[] running, long batchesTracked)
      implements Serializable {
    /** The state of {@code net} now: copies of its weights and running statistics. */
    public static State of(Network net) {
      float[] parameters = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      net.copyParameters(parameters);
      net.copyRunningStatistics(running);
      return new State(parameters, running, net.batchesTracked());
    }
  }

  /**
   * What one shard computed: its images, the sum of their (smoothed) losses, how many it got
   * right, the gradient of its mean loss and its running statistics after its training pass;
   * and how long its passes took, which only reports on the cost of a cluster.
   */
  public record Result(int shard, int images, double lossSum, int correct, float[] gradients,
      float[] running, long nanos) implements Serializable {}

  /** {@code train --shards W}: W shards computed in this process. */
  public static Factory factory(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("a step needs at least 1 shard, not " + shards);
    }
    return new Factory() {
      @Override
      public StepEngine create(Network net, Dataset train, Normalization norm, Recipe recipe) {
        return new Shards(net, train, norm, recipe, shards);
      }

      @Override
      public String shards() {
        return Integer.toString(shards);
      }
    };
  }

  /** Images of the batch in shard {@code shard}: B split as evenly as it goes, in order. */
  public static int shardBatch(int batch, int shards, int shard) {
    return Parallel.start(batch, shards, shard + 1) - Parallel.start(batch, shards, shard);
  }

  /**
   * Checks that {@code batch} images split into {@code shards} shards of at least two images
   * each (batch norm over one image has no variance to speak of), on {@code trainImages}.
   *
   * @throws IllegalArgumentException naming the limit, in one sentence
   */
  public static void check(int batch, int shards, int trainImages) {
    if (shards < 1 || batch < 2 * shards) {
      throw new IllegalArgumentException(String.format(
          "a batch of %d images cannot be split into %d shards of at least 2 images each"
              + " (batch norm needs more than one image)", batch, shards));
    }
    int smallestPart = trainImages / shards;
    int largestShard = shardBatch(batch, shards, shards - 1);
    if (smallestPart < largestShard) {
      throw new IllegalArgumentException(String.format(
          "%d training images split into %d parts leave %d a shard, fewer than its %d images"
              + " a step", trainImages, shards, smallestPart, largestShard));
    }
  }

  /**
   * Steps in an epoch: as many as the shard with the least data to spare allows. The last shard
   * has the most images a step and, of the parts, the fewest ({@code floor(N / W)}).
   */
  public static int stepsPerEpoch(int trainImages, int batch, int shards) {
    return trainImages / shards / shardBatch(batch, shards, shards - 1);
  }

  /**
   * The step's gradient, running statistics and count of training passes from the shards'
   * results, given in shard order, set into {@code net}; the step's mean loss and right answers.
   */
  public static StepResult combine(Network net, State start, List<Result> results, int batch) {
    float[] gradients = new float[net.parameterFloats()];
    float[] running = new float[net.runningFloats()];
    double lossSum = 0;
    int correct = 0;
    int images = 0;
    for (int w = 0; w < results.size(); w++) {
      Result r = results.get(w);
      if (r.shard() != w) {
        throw new IllegalStateException("shard " + w + "'s place holds shard " + r.shard());
      }
      float share = (float) r.images() / batch;
      addScaled(gradients, share, r.gradients());
      addScaled(running, share, r.running());
      lossSum += r.lossSum();
      correct += r.correct();
      images += r.images();
    }
    if (images != batch) {
      throw new IllegalStateException("the shards hold " + images + " images, the batch " + batch);
    }
    net.loadGradients(gradients);
    net.loadRunningStatistics(running);
    net.setBatchesTracked(start.batchesTracked() + 1);
    return new StepResult(lossSum / batch, correct);
  }

  private static void addScaled(float[] sum, float share, float[] values) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += share * values[i];
    }
  }

  /**
   * One shard's share of every step: its part of the data, its loader and its network of one
   * thread. Not safe for use by two threads at once.
   */
  public static final class Worker implements AutoCloseable {
    private final int shard;
    private final int images;
    private final Network net;
    private final BatchLoader loader;
    private final float[] batchImages;
    private final int[] batchLabels;
    private final float labelSmoothing;
    /** Where the loader stands: the epoch and step of the batch it delivers next. */
    private int epoch = -1;
    private int step = -1;

    /**
     * @param model a network of the model trained; the shard makes its own of the same class
     * @param train the whole training split; the worker keeps only its part
     */
    public Worker(Network model, Dataset train, Normalization norm, Recipe recipe, int shard,
        int shards) {
      check(recipe.batch(), shards, train.size());
      this.shard = shard;
      this.images = shardBatch(recipe.batch(), shards, shard);
      this.net = model.fresh(images);
      net.useThreads(1);
      // The seed keys the dropout shortcut's masks, which should differ from shard to shard.
      net.initialize(recipe.seed() + shard);
      this.loader = new BatchLoader(train.part(shard, shards), norm, images, recipe.augment(),
          recipe.erasing(), recipe.seed() + shard);
      this.batchImages = new float[images * train.imageSize()];
      this.batchLabels = new int[images];
      this.labelSmoothing = recipe.labelSmoothing();
    }

    /** The passes of step {@code step} of epoch {@code epoch} from {@code start}. */
    public Result compute(State start, int epoch, int step) {
      if (epoch != this.epoch || step != this.step) {
        loader.startEpoch(epoch, step);
      }
      if (!loader.next(batchImages, batchLabels)) {
        throw new IllegalStateException(String.format(
            "shard %d has no step %d in epoch %d", shard, step + 1, epoch + 1));
      }
      this.epoch = epoch;
      this.step = step + 1;
      long begin = System.nanoTime();
      net.loadParameters(start.parameters());
      net.loadRunningStatistics(start.running());
      net.setBatchesTracked(start.batchesTracked());
      net.forward(batchImages, images, true);
      double loss = net.loss(batchLabels, labelSmoothing);
      int correct = net.correctPredictions();
      net.zeroGradients();
      net.backward();
      float[] gradients = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      net.copyGradients(gradients);
      net.copyRunningStatistics(running);
      return new Result(shard, images, loss * images, correct, gradients, running,
          System.nanoTime() - begin);
    }

    @Override
    public void close() {
      loader.close();
    }
  }

  private final List<Worker> workers = new ArrayList<>();
  private final ExecutorService threads;
  private final int batch;
  private final int steps;
  private int epoch;
  private int step;

  private Shards(Network net, Dataset train, Normalization norm, Recipe recipe, int shards) {
    this.batch = recipe.batch();
    for (int w = 0; w < shards; w++) {
      workers.add(new Worker(net, train, norm, recipe, w, shards));
    }
    this.steps = stepsPerEpoch(train.size(), batch, shards);
    this.threads = Executors.newFixedThreadPool(Math.min(shards, Parallel.THREADS),
        Thread.ofPlatform().daemon().name("skipline-shard-", 0).factory());
  }

  @Override
  public int stepsPerEpoch() {
    return steps;
  }

  @Override
  public void startEpoch(int epoch, int step) {
    this.epoch = epoch;
    this.step = step;
  }

  @Override
  public StepResult next(Network net) throws IOException {
    State start = State.of(net);
    int e = epoch;
    int s = step;
    List<Future<Result>> pending = new ArrayList<>();
    for (Worker worker : workers) {
      pending.add(threads.submit(() -> worker.compute(start, e, s)));
    }
    List<Result> results = new ArrayList<>();
    for (Future<Result> f : pending) {
      try {
        results.add(f.get());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the shards computed a step", ex);
      } catch (ExecutionException ex) {
        switch (ex.getCause()) {
          case RuntimeException r -> throw r;
          case Error err -> throw err;
          default -> throw new IllegalStateException(ex.getCause());
        }
      }
    }
    step++;
    return combine(net, start, results, batch);
  }

  @Override
  public void close() {
    threads.shutdownNow();
    workers.forEach(Worker::close);
  }
}
