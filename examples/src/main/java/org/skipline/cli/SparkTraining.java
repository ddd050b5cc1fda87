package org.skipline.cli;

import java.io.IOException;
import org.skipline.data.DataSources;
import org.skipline.spark.SparkCluster;
import org.skipline.train.StepEngine;

/**
 * {@code train --spark}: the one place the command line touches Spark, whose jars are on the
 * class path only when a run asks for them (bin/skipline adds them for --spark).
 */
final class SparkTraining implements AutoCloseable {
  private final SparkCluster cluster;

  private SparkTraining(SparkCluster cluster) {
    this.cluster = cluster;
  }

  static SparkTraining open(String master, String model) throws IOException {
    try {
      return new SparkTraining(SparkCluster.open(master, "skipline train " + model));
    } catch (NoClassDefFoundError e) {
      throw new CliException("--spark needs Apache Spark's jars on the class path: bin/skipline"
          + " adds those the build fetched (spark/target/spark-classpath.txt); with plain java,"
          + " add them to -cp, or run the jar with spark-submit");
    }
  }

  /** Runs {@code stop} at shutdown before Spark stops, so that a Ctrl-C still checkpoints. */
  void beforeSparkStops(Runnable stop) {
    cluster.beforeSparkStops(stop);
  }

  int localWorkers() {
    return cluster.localWorkers();
  }

  /** The executors read the data themselves, from their own working directories. */
  StepEngine.Factory engines(int workers, int syncEvery, String data) {
    return cluster.engines(workers, syncEvery, DataSources.absolute(data));
  }

  /** Reports where the steps' time went, on standard error, and stops Spark. */
  @Override
  public void close() {
    System.err.println("spark: " + cluster.timing());
    cluster.close();
  }
}
