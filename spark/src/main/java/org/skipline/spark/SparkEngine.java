package org.skipline.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.skipline.data.DataException;
import org.skipline.data.DataSources;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.io.Texts;
import org.skipline.kernels.Simd;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;
import org.skipline.train.Recipe;
import org.skipline.train.Shards;
import org.skipline.train.StepEngine;

/**
 * Synchronous data-parallel steps on a Spark cluster, with the driver in the loop (as Spark
 * MLlib and BigDL train): the shards of {@link Shards}, one Spark partition each.
 *
 * <ol>
 *   <li>Once: an RDD of W partitions, cached, whose partition {@code w} stands for shard {@code
 *       w}. The first task of a partition loads the data source on its executor, keeps part
 *       {@code w} of the training set and a network of one thread ({@link Shards.Worker}); the
 *       cached partition keeps later tasks on that executor, so the data is loaded once.
 *   <li>Each step (or round of local steps): the weights, running statistics and count of
 *       training passes go out as one broadcast; every partition computes its shard; {@code
 *       collect} brings the results back in partition order; {@link Shards.Engine} combines them
 *       in that order on the driver; the broadcast is destroyed. No {@code reduce} or {@code
 *       treeAggregate}, whose merge order follows task completion.
 * </ol>
 *
 * <p>A shard's result depends only on the state sent, the epoch, the step and the shard, so a
 * task that Spark retries after its executor died computes the same bits on another executor,
 * and a run on W workers writes the same checkpoints as {@code train --shards W} on one machine.
 */
public final class SparkEngine extends Shards.Engine {

  /**
   * What a partition needs to build its shard's worker; travels in every step's closure. The
   * driver's kernel width and data digest go along, because a shard's bits depend on both.
   */
  record Job(String run, String networkClass, String dataSource, String dataDigest,
      int vectorBits, Normalization norm, Recipe recipe, int shards) implements Serializable {

    Shards.Worker newWorker(int shard) {
      if (Simd.BITS != vectorBits) {
        throw new IllegalStateException(String.format("a Spark worker's kernels are %s, the"
            + " driver's %s; give every JVM the same -D%s", width(Simd.BITS), width(vectorBits),
            Simd.PROPERTY));
      }
      Dataset train;
      try {
        train = DataSources.load(dataSource).train();
      } catch (DataException e) {
        throw new IllegalStateException("a Spark worker could not load the data: "
            + e.getMessage(), e);
      }
      if (!train.digest().equals(dataDigest)) {
        throw new IllegalStateException(String.format("a Spark worker's %s is not the"
            + " driver's (its digest differs); every machine needs the same files",
            Texts.abbreviate(dataSource)));
      }
      Network model;
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        model = (Network) Class.forName(networkClass, true, loader)
            .getConstructor(int.class).newInstance(1);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a Spark worker has no network class " + networkClass
            + " on its class path (ship the jar that holds the compiled specs)", e);
      }
      return new Shards.Worker(model, train, norm, recipe, shard, shards);
    }

    private static String width(int bits) {
      return bits == 0 ? "scalar" : bits + "-bit";
    }
  }

  /** The workers of this executor JVM, by run and shard. */
  private static final ConcurrentHashMap<String, Shards.Worker> WORKERS =
      new ConcurrentHashMap<>();

  /**
   * Steps computed by {@code workers} shards on {@code context}'s cluster, synchronised every
   * {@code syncEvery} steps; every worker loads {@code dataSource} itself, so the data must be at
   * the same place on every machine.
   */
  public static StepEngine.Factory factory(JavaSparkContext context, int workers, int syncEvery,
      String dataSource) {
    return factory(context, workers, syncEvery, dataSource, new Timing());
  }

  static StepEngine.Factory factory(JavaSparkContext context, int workers, int syncEvery,
      String dataSource, Timing timing) {
    return Shards.factory(workers, syncEvery, (net, train, norm, recipe) -> {
      if (net instanceof Interpreter) {
        throw new IllegalArgumentException("Spark workers run generated networks; leave out"
            + " --engine interpreted");
      }
      Job job = new Job(UUID.randomUUID().toString(), net.getClass().getName(), dataSource,
          train.digest(), Simd.BITS, norm, recipe, workers);
      return new SparkEngine(context, job, syncEvery, train.size(), timing);
    });
  }

  /**
   * Where a run's time went: in whole steps (or rounds) as the driver sees them, and in the
   * slowest shard's passes, the part that no cluster can shorten. The rest is Spark's:
   * scheduling, the broadcast, the collection and the driver's sum. The first {@link #WARM_UP}
   * exchanges of a run are left out: they load the data and compile the kernels.
   */
  public static final class Timing {
    static final int WARM_UP = 2;

    private long exchanges;
    private long nanos;
    private long slowestShardNanos;

    synchronized void add(long exchange, long slowestShard) {
      exchanges++;
      nanos += exchange;
      slowestShardNanos += slowestShard;
    }

    /** One line: exchanges, seconds each, seconds of it in the slowest shard, Spark's share. */
    public synchronized String summary() {
      if (exchanges == 0) {
        return "no steps ran on Spark after the warm-up";
      }
      double each = nanos / 1e9 / exchanges;
      double shard = slowestShardNanos / 1e9 / exchanges;
      return String.format(java.util.Locale.ROOT, "%d exchanges with Spark after %d of warm-up:"
          + " %.3f s each, %.3f s of it in the slowest shard's passes, %.1f%% in Spark",
          exchanges, WARM_UP, each, shard, 100 * (1 - shard / each));
    }
  }

  private final JavaSparkContext context;
  private final Job job;
  private final Timing timing;
  private final JavaRDD<Integer> partitions;
  private long exchanges;

  private SparkEngine(JavaSparkContext context, Job job, int syncEvery, int trainImages,
      Timing timing) {
    super(job.recipe(), job.shards(), syncEvery, trainImages);
    this.context = context;
    this.job = job;
    this.timing = timing;
    List<Integer> shards = IntStream.range(0, job.shards()).boxed().toList();
    this.partitions = context.parallelize(shards, job.shards()).persist(StorageLevel.MEMORY_ONLY());
  }

  @Override
  protected List<Shards.Result> step(Shards.State start, int epoch, int step)
      throws IOException {
    Job j = job;
    return exchange(start, state -> partitions.mapPartitionsWithIndex((shard, ignored) ->
        onWorker(j, shard, w -> w.compute(state.value(), epoch, step)), true).collect(),
        Shards.Result::nanos);
  }

  @Override
  protected List<Shards.Round> round(Shards.State start, int epoch, int step, float[] rates)
      throws IOException {
    Job j = job;
    return exchange(start, state -> partitions.mapPartitionsWithIndex((shard, ignored) ->
        onWorker(j, shard, w -> w.computeRound(state.value(), epoch, step, rates)), true)
        .collect(),
        Shards.Round::nanos);
  }

  /**
   * Broadcasts {@code start}, runs {@code job} on the partitions and destroys the broadcast;
   * times the exchange against its slowest shard.
   */
  private <T> List<T> exchange(Shards.State start,
      Function<Broadcast<Shards.State>, List<T>> collect,
      java.util.function.ToLongFunction<T> nanos) throws IOException {
    long begin = System.nanoTime();
    Broadcast<Shards.State> state = null;
    try {
      state = context.broadcast(start);
      List<T> results = collect.apply(state);
      if (++exchanges > Timing.WARM_UP) {
        timing.add(System.nanoTime() - begin, results.stream().mapToLong(nanos).max().orElse(0));
      }
      return results;
    } catch (Exception failure) {
      // Spark throws its checked SparkException undeclared.
      throw new IOException(reason(failure), failure);
    } finally {
      if (state != null && !context.sc().isStopped()) {
        state.destroy();
      }
    }
  }

  /** One sentence from a failed Spark job: the workers' own message, not Spark's stack trace. */
  private String reason(Throwable failure) {
    if (context.sc().isStopped()) {
      return String.format("Spark stopped before the step ran: the master %s gave this run no"
          + " executors (it did not answer, or the cluster went away)",
          Texts.abbreviate(context.master()));
    }
    return reason(String.valueOf(failure.getMessage()));
  }

  /**
   * On an executor: {@code task} on the worker of shard {@code shard} of the run, made on first
   * use; one task at a time.
   */
  private static <T> Iterator<T> onWorker(Job job, int shard, Function<Shards.Worker, T> task) {
    Shards.Worker worker = WORKERS.computeIfAbsent(job.run() + "/" + shard,
        key -> job.newWorker(shard));
    synchronized (worker) {
      return List.of(task.apply(worker)).iterator();
    }
  }

  /** The first line of a Spark job's failure, from the worker's own exception if it threw one. */
  static String reason(String message) {
    String marker = "IllegalStateException: ";
    int cause = message.indexOf(marker);
    String first = cause >= 0 ? message.substring(cause + marker.length()) : message;
    return "the Spark job failed: " + Texts.abbreviate(first.lines().findFirst().orElse(""));
  }

  @Override
  public void close() {
    if (shuttingDown()) {
      return;  // the executors' workers go with the JVMs, and Spark is stopping its own
    }
    String run = job.run();
    try {
      partitions.foreachPartition(ignored -> WORKERS.keySet().removeIf(
          key -> key.startsWith(run + "/") && close(WORKERS.get(key))));
      partitions.unpersist(false);
    } catch (Exception e) {
      // Best effort: an executor that is gone has taken its workers with it, and a stopped
      // context its cache.
    }
  }

  /** Whether this JVM is shutting down (Ctrl-C, kill): a hook can no longer be added. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static boolean close(Shards.Worker worker) {
    if (worker != null) {
      worker.close();
    }
    return true;
  }
}
