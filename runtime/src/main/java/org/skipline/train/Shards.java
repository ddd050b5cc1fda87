package org.skipline.train;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
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
 *   <li><b>Local steps.</b> With {@code syncEvery} K above 1, the shards synchronise once a round
 *       of K steps (rounds start at every K-th step of an epoch, the last one shorter): each takes
 *       the round's SGD steps on its own batches from the round's weights, momentum and running
 *       statistics, and the round ends with the same weighted mean, in shard order, of the
 *       shards' weights, momentum and running statistics. One exchange of weights then serves K
 *       steps.
 * </ul>
 *
 * <p>So the bits of a run depend on W and K and nothing else: not on how many threads or machines
 * compute the shards, nor when. {@code train --shards W} computes them here, up to one per thread
 * at once; the Spark module computes them on a cluster with the same {@link Worker} and the same
 * {@link Engine}, and the two runs write the same checkpoints.
 */
public final class Shards {

  private Shards() {}

  /**
   * The start of a step or round, as every shard receives it: the weights, the momentum (only
   * for a round of local steps, else null), the running statistics and the count of training
   * passes.
   */
  public record State(float[] parameters, float[] momentum, float[] running, long batchesTracked)
      implements Serializable {
    /** The state of {@code net} now: copies of its weights, momentum and running statistics. */
    public static State of(Network net, boolean withMomentum) {
      float[] parameters = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      net.copyParameters(parameters);
      net.copyRunningStatistics(running);
      float[] momentum = null;
      if (withMomentum) {
        momentum = new float[net.parameterFloats()];
        net.copyMomentum(momentum);
      }
      return new State(parameters, momentum, running, net.batchesTracked());
    }
  }

  /**
   * What one shard computed in a step: its images, the sum of their (smoothed) losses, how many
   * it got right, the gradient of its mean loss and its running statistics after its training
   * pass; and how long its passes took, which only reports on the cost of a cluster.
   */
  public record Result(int shard, int images, double lossSum, int correct, float[] gradients,
      float[] running, long nanos) implements Serializable {}

  /**
   * What one shard computed in a round of local steps: per step, the sum of its losses and its
   * right answers; at the end, its weights, momentum and running statistics; and how long.
   */
  public record Round(int shard, int images, double[] lossSums, int[] corrects,
      float[] parameters, float[] momentum, float[] running, long nanos) implements Serializable {}

  /**
   * {@code train --shards W [--sync-every K]}: W shards computed in this process, synchronised
   * every K steps (1: every step, by their gradients).
   */
  public static StepEngine.Factory factory(int shards, int syncEvery) {
    return factory(shards, syncEvery, (net, train, norm, recipe) ->
        new Local(net, train, norm, recipe, shards, syncEvery));
  }

  /** Makes the engine of a run once its network, data and recipe are known. */
  @FunctionalInterface
  public interface EngineMaker {
    StepEngine make(Network net, Dataset train, Normalization norm, Recipe recipe)
        throws IOException;
  }

  /** A factory of W shards synchronised every K steps, made by {@code maker}. */
  public static StepEngine.Factory factory(int shards, int syncEvery, EngineMaker maker) {
    if (shards < 1) {
      throw new IllegalArgumentException("a step needs at least 1 shard, not " + shards);
    }
    if (syncEvery < 1) {
      throw new IllegalArgumentException(
          "shards synchronise every 1 or more steps, not every " + syncEvery);
    }
    return new StepEngine.Factory() {
      @Override
      public StepEngine create(Network net, Dataset train, Normalization norm, Recipe recipe)
          throws IOException {
        check(recipe.batch(), shards, train.size());
        return maker.make(net, train, norm, recipe);
      }

      @Override
      public Map<String, String> identity() {
        return Map.of("shards", Integer.toString(shards), "sync_every",
            Integer.toString(syncEvery));
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

  /** {@code sum += share * values}, element by element. */
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
    private final Recipe recipe;
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
      this.recipe = recipe;
      this.net = model.fresh(images);
      net.useThreads(1);
      // The seed keys the dropout shortcut's masks, which should differ from shard to shard.
      net.initialize(recipe.seed() + shard);
      this.loader = new BatchLoader(train.part(shard, shards), norm, images, recipe.augment(),
          recipe.erasing(), recipe.seed() + shard);
      this.batchImages = new float[images * train.imageSize()];
      this.batchLabels = new int[images];
    }

    /** The passes of step {@code step} of epoch {@code epoch} from {@code start}. */
    public Result compute(State start, int epoch, int step) {
      long begin = System.nanoTime();
      load(start);
      double loss = passes(epoch, step);
      float[] gradients = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      net.copyGradients(gradients);
      net.copyRunningStatistics(running);
      return new Result(shard, images, loss * images, net.correctPredictions(), gradients,
          running, System.nanoTime() - begin);
    }

    /**
     * The local SGD steps {@code step} to {@code step + rates.length - 1} of epoch {@code
     * epoch} from {@code start}, step {@code i} at learning rate {@code rates[i]}.
     */
    public Round computeRound(State start, int epoch, int step, float[] rates) {
      long begin = System.nanoTime();
      load(start);
      double[] lossSums = new double[rates.length];
      int[] corrects = new int[rates.length];
      for (int i = 0; i < rates.length; i++) {
        lossSums[i] = passes(epoch, step + i) * images;
        corrects[i] = net.correctPredictions();
        net.sgdStep(rates[i], recipe.momentum(), recipe.weightDecay(), recipe.nesterov());
      }
      float[] parameters = new float[net.parameterFloats()];
      float[] momentum = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      net.copyParameters(parameters);
      net.copyMomentum(momentum);
      net.copyRunningStatistics(running);
      return new Round(shard, images, lossSums, corrects, parameters, momentum, running,
          System.nanoTime() - begin);
    }

    private void load(State start) {
      net.loadParameters(start.parameters());
      if (start.momentum() != null) {
        net.loadMomentum(start.momentum());
      }
      net.loadRunningStatistics(start.running());
      net.setBatchesTracked(start.batchesTracked());
    }

    /** Forward and backward passes of one batch; its mean (smoothed) loss. */
    private double passes(int epoch, int step) {
      if (epoch != this.epoch || step != this.step) {
        loader.startEpoch(epoch, step);
      }
      // Until the batch is in hand the position is unknown: a retry after a failure starts over.
      this.epoch = -1;
      if (!loader.next(batchImages, batchLabels)) {
        throw new IllegalStateException(String.format(
            "shard %d has no step %d in epoch %d", shard, step + 1, epoch + 1));
      }
      this.epoch = epoch;
      this.step = step + 1;
      net.forward(batchImages, images, true);
      double loss = net.loss(batchLabels, recipe.labelSmoothing());
      net.zeroGradients();
      net.backward();
      return loss;
    }

    @Override
    public void close() {
      loader.close();
    }
  }

  /**
   * Steps and rounds of W shards, wherever the shards are computed: what to send them, when,
   * and how to combine what comes back, in shard order. Subclasses only compute the shards.
   */
  public abstract static class Engine implements StepEngine {
    private final Recipe recipe;
    private final int syncEvery;
    private final int steps;
    private int epoch;
    private int step;
    /** The per-step results of the round in progress, and how many are still to be handed out. */
    private StepResult[] round = new StepResult[0];
    private int roundNext;

    protected Engine(Recipe recipe, int shards, int syncEvery, int trainImages) {
      this.recipe = recipe;
      this.syncEvery = syncEvery;
      this.steps = Shards.stepsPerEpoch(trainImages, recipe.batch(), shards);
    }

    /** Step {@code step} of epoch {@code epoch}: every shard's results, in shard order. */
    protected abstract List<Result> step(State start, int epoch, int step) throws IOException;

    /** A round of local steps from {@code step}: every shard's results, in shard order. */
    protected abstract List<Round> round(State start, int epoch, int step, float[] rates)
        throws IOException;

    @Override
    public final int stepsPerEpoch() {
      return steps;
    }

    @Override
    public final void startEpoch(int epoch, int step) {
      this.epoch = epoch;
      this.step = step;
      round = new StepResult[0];
      roundNext = 0;
    }

    @Override
    public final boolean atBoundary() {
      return roundNext == round.length;
    }

    @Override
    public final StepResult next(Network net) throws IOException {
      if (syncEvery == 1) {
        State start = State.of(net, false);
        StepResult result = combine(net, start, step(start, epoch, step));
        step++;
        return result;
      }
      if (atBoundary()) {
        int count = Math.min(syncEvery - step % syncEvery, steps - step);
        long total = (long) steps * recipe.epochs();
        long first = (long) epoch * steps + step;
        float[] rates = new float[count];
        for (int i = 0; i < count; i++) {
          rates[i] = recipe.learningRate(first + i, total);
        }
        State start = State.of(net, true);
        round = combineRound(net, start, round(start, epoch, step, rates));
        roundNext = 0;
      }
      step++;
      return round[roundNext++];
    }

    /**
     * The step's gradient, running statistics and count of training passes from the shards'
     * results, given in shard order, set into {@code net}; the step's mean loss and right answers.
     */
    private StepResult combine(Network net, State start, List<Result> results) {
      float[] gradients = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      double lossSum = 0;
      int correct = 0;
      for (int w = 0; w < results.size(); w++) {
        Result r = inOrder(results.get(w).shard(), w, results.get(w));
        float share = (float) r.images() / recipe.batch();
        addScaled(gradients, share, r.gradients());
        addScaled(running, share, r.running());
        lossSum += r.lossSum();
        correct += r.correct();
      }
      checkImages(results.stream().mapToInt(Result::images).sum());
      net.loadGradients(gradients);
      net.loadRunningStatistics(running);
      net.setBatchesTracked(start.batchesTracked() + 1);
      return new StepResult(lossSum / recipe.batch(), correct, false);
    }

    /**
     * The round's end from the shards' results, given in shard order: the weighted means of
     * their weights, momentum and running statistics set into {@code net}; per step, the mean
     * loss and right answers.
     */
    private StepResult[] combineRound(Network net, State start, List<Round> rounds) {
      float[] parameters = new float[net.parameterFloats()];
      float[] momentum = new float[net.parameterFloats()];
      float[] running = new float[net.runningFloats()];
      int count = rounds.getFirst().lossSums().length;
      double[] lossSums = new double[count];
      int[] corrects = new int[count];
      for (int w = 0; w < rounds.size(); w++) {
        Round r = inOrder(rounds.get(w).shard(), w, rounds.get(w));
        float share = (float) r.images() / recipe.batch();
        addScaled(parameters, share, r.parameters());
        addScaled(momentum, share, r.momentum());
        addScaled(running, share, r.running());
        for (int i = 0; i < count; i++) {
          lossSums[i] += r.lossSums()[i];
          corrects[i] += r.corrects()[i];
        }
      }
      checkImages(rounds.stream().mapToInt(Round::images).sum());
      net.loadParameters(parameters);
      net.loadMomentum(momentum);
      net.loadRunningStatistics(running);
      net.setBatchesTracked(start.batchesTracked() + count);
      StepResult[] results = new StepResult[count];
      for (int i = 0; i < count; i++) {
        results[i] = new StepResult(lossSums[i] / recipe.batch(), corrects[i], true);
      }
      return results;
    }

    private static <T> T inOrder(int shard, int place, T result) {
      if (shard != place) {
        throw new IllegalStateException("shard " + place + "'s place holds shard " + shard);
      }
      return result;
    }

    private void checkImages(int images) {
      if (images != recipe.batch()) {
        throw new IllegalStateException(
            "the shards hold " + images + " images, the batch " + recipe.batch());
      }
    }
  }

  /** The shards computed in this process, one thread each, up to one per core at once. */
  private static final class Local extends Engine {
    private final List<Worker> workers = new ArrayList<>();
    private final ExecutorService threads;

    Local(Network net, Dataset train, Normalization norm, Recipe recipe, int shards,
        int syncEvery) {
      super(recipe, shards, syncEvery, train.size());
      for (int w = 0; w < shards; w++) {
        workers.add(new Worker(net, train, norm, recipe, w, shards));
      }
      this.threads = Executors.newFixedThreadPool(Math.min(shards, Parallel.THREADS),
          Thread.ofPlatform().daemon().name("skipline-shard-", 0).factory());
    }

    @Override
    protected List<Result> step(State start, int epoch, int step) throws IOException {
      return inParallel(worker -> () -> worker.compute(start, epoch, step));
    }

    @Override
    protected List<Round> round(State start, int epoch, int step, float[] rates)
        throws IOException {
      return inParallel(worker -> () -> worker.computeRound(start, epoch, step, rates));
    }

    /** Every worker's task on the pool; the results in shard order. */
    private <T> List<T> inParallel(Function<Worker, Callable<T>> task) throws IOException {
      List<Future<T>> pending = new ArrayList<>();
      for (Worker worker : workers) {
        pending.add(threads.submit(task.apply(worker)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : pending) {
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while the shards computed a step", e);
        } catch (ExecutionException e) {
          switch (e.getCause()) {
            case RuntimeException r -> throw r;
            case Error err -> throw err;
            default -> throw new IllegalStateException(e.getCause());
          }
        }
      }
      return results;
    }

    @Override
    public void close() {
      threads.shutdownNow();
      workers.forEach(Worker::close);
    }
  }
}
