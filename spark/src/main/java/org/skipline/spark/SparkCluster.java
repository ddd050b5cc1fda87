package org.skipline.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.skipline.io.Texts;
import org.skipline.train.StepEngine;

/**
 * A Spark context for training, with the settings that matter to it: no web UI (a long run's
 * job history would grow the driver's memory), no compression of the broadcast weights (they do
 * not compress). On this machine, {@code local[W]} runs W workers as threads of this JVM and
 * {@code local-cluster[W,cores,MB]} as W executor JVMs, as Spark's own tests do, with no Spark
 * installation; any other master ({@code spark://}, {@code yarn}, {@code k8s://}) is the
 * cluster's, with the settings {@code spark-submit} passed.
 */
public final class SparkCluster implements AutoCloseable {

  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  private final JavaSparkContext context;
  private final int localWorkers;
  private final SparkEngine.Timing timing = new SparkEngine.Timing();

  private SparkCluster(JavaSparkContext context, int localWorkers) {
    this.context = context;
    this.localWorkers = localWorkers;
  }

  /**
   * Starts a context on {@code master}.
   *
   * @throws IOException in one sentence, for a master Spark cannot use
   */
  public static SparkCluster open(String master, String appName) throws IOException {
    SparkConf conf = new SparkConf()
        .setMaster(master)
        .setAppName(appName)
        .setIfMissing("spark.ui.enabled", "false")
        .setIfMissing("spark.ui.retainedJobs", "100")
        .setIfMissing("spark.ui.retainedStages", "100")
        .setIfMissing("spark.broadcast.compress", "false")
        .setIfMissing("spark.log.level", "WARN");
    int workers = 0;
    Matcher local = LOCAL.matcher(master);
    Matcher cluster = LOCAL_CLUSTER.matcher(master);
    if (local.matches() || cluster.matches()) {
      // Everything on this machine talks over the loopback interface.
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    if (local.matches()) {
      workers = local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
    } else if (cluster.matches()) {
      workers = Integer.parseInt(cluster.group(1));
      // A local cluster launches executor JVMs the way Spark's own test suites do: in testing
      // mode (the executors take this JVM's class path) from a Spark home whose jar folders
      // are empty; each executor gets all of its worker's memory.
      System.setProperty("spark.testing", "true");
      System.setProperty("spark.test.home", testHome().toString());
      conf.set("spark.executor.memory", cluster.group(3) + "m");
    }
    try {
      return new SparkCluster(new JavaSparkContext(conf), workers);
    } catch (Exception | AssertionError e) {
      // Spark throws its checked SparkException undeclared, and asserts in its workers.
      throw new IOException(String.format(Locale.ROOT, "could not start Spark on master '%s': %s",
          Texts.abbreviate(master), Texts.abbreviate(String.valueOf(e.getMessage()))), e);
    }
  }

  /** An empty Spark home, made once per JVM: the layout a local cluster's workers look for. */
  private static synchronized Path testHome() throws IOException {
    if (testHome == null) {
      Path home = Files.createTempDirectory("skipline-spark-home");
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
      for (Path p : new Path[] {home, home.resolve("jars"), home.resolve("launcher"),
          home.resolve("launcher/target"), home.resolve("launcher/target/scala-2.13")}) {
        p.toFile().deleteOnExit();
      }
      testHome = home;
    }
    return testHome;
  }

  private static Path testHome;

  /** The workers of a local master ({@code local[W]}, {@code local-cluster[W,...]}); else 0. */
  public int localWorkers() {
    return localWorkers;
  }

  /**
   * Steps of {@code workers} shards synchronised every {@code syncEvery} steps, each worker
   * loading {@code dataSource} itself.
   */
  public StepEngine.Factory engines(int workers, int syncEvery, String dataSource) {
    return SparkEngine.factory(context, workers, syncEvery, dataSource, timing);
  }

  /** Where the time of the steps run so far went, in one line ({@link SparkEngine.Timing}). */
  public String timing() {
    return timing.summary();
  }

  /**
   * Runs {@code stop} when the JVM shuts down (Ctrl-C, {@code kill}), before Spark stops its
   * context, which its own shutdown hook does: a run asked to stop there can still finish its
   * step on the cluster and write its checkpoint.
   */
  public void beforeSparkStops(Runnable stop) {
    org.apache.spark.util.ShutdownHookManager.addShutdownHook(
        org.apache.spark.util.ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10,
        () -> {
          stop.run();
          return scala.runtime.BoxedUnit.UNIT;
        });
  }

  /** The context, for callers that run jobs of their own. */
  public JavaSparkContext context() {
    return context;
  }

  @Override
  public void close() {
    context.stop();
  }
}
