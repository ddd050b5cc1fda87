package org.skipline.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skipline.data.DataSources;
import org.skipline.data.Splits;
import org.skipline.io.Safetensors;
import org.skipline.runtime.Network;
import org.skipline.train.Recipe;
import org.skipline.train.Shards;
import org.skipline.train.StepEngine;
import org.skipline.train.Trainer;

/**
 * Training on Spark gives the bits of {@code --shards W} on one machine: with W worker threads
 * ({@code local[2]}), with W executor JVMs ({@code local-cluster[2,1,1024]}), and when one of
 * those JVMs is killed in the middle of a run.
 */
class SparkEngineTest {

  private static final String DATA = "synthetic:1x8x8:4:256:64";
  private static final int BATCH = 16;

  @TempDir Path dir;

  private static Recipe recipe() {
    return new Recipe(2, BATCH, 0.1f, 0.9f, true, 1e-4f, List.of(0.5, 0.75), 0.1f, 2, 0.01f,
        true, 7, 0, 0, 3);
  }

  /** What a run ends with: the digest of its weights, running statistics and momentum. */
  private record Ending(String state, List<Trainer.EpochResult> epochs) {}

  private static final class Recorder implements Trainer.Listener {
    final List<Trainer.EpochResult> epochs = new ArrayList<>();
    Runnable atStep5 = () -> { };

    @Override
    public void step(Trainer.Progress p) {
      if (p.globalStep() == 5) {
        atStep5.run();
      }
    }

    @Override
    public void epoch(Trainer.EpochResult result) {
      epochs.add(result);
    }
  }

  private Ending train(String name, StepEngine.Factory engines, Runnable atStep5)
      throws IOException {
    Splits splits = DataSources.load(DATA);
    Network net = new TinySparkNetwork(BATCH);
    Recorder recorder = new Recorder();
    recorder.atStep5 = atStep5;
    Trainer trainer = new Trainer(net, TinySpark.class.getName(), splits.train(), splits.test(),
        recipe(), dir.resolve(name), recorder, engines);
    assertTrue(trainer.run(false).completed());
    String state = net.writeTrainingState(new Safetensors.Writer()).digest();
    return new Ending(state, recorder.epochs);
  }

  private Ending twoShardsHere() throws IOException {
    return train("here", Shards.factory(2, 1), () -> { });
  }

  private static void assertSameRun(Ending expected, Ending actual) {
    assertEquals(expected.state(), actual.state());
    assertEquals(expected.epochs().size(), actual.epochs().size());
    for (int i = 0; i < expected.epochs().size(); i++) {
      Trainer.EpochResult a = expected.epochs().get(i);
      Trainer.EpochResult b = actual.epochs().get(i);
      assertEquals(a.trainLoss(), b.trainLoss());
      assertEquals(a.testLoss(), b.testLoss());
      assertEquals(a.testAccuracy(), b.testAccuracy());
    }
  }

  @Test
  void twoWorkerThreadsGiveTheBitsOfTwoShards() throws IOException {
    Ending here = twoShardsHere();
    try (SparkCluster spark = SparkCluster.open("local[2]", "skipline test")) {
      assertEquals(2, spark.localWorkers());
      assertSameRun(here, train("spark", spark.engines(2, 1, DATA), () -> { }));
    }
  }

  @Test
  void twoExecutorJvmsGiveTheBitsOfTwoShardsEvenWhenOneIsKilled()
      throws IOException, InterruptedException {
    Ending here = twoShardsHere();
    try (SparkCluster spark = SparkCluster.open("local-cluster[2,1,1024]", "skipline test")) {
      assertSameRun(here, train("cluster", spark.engines(2, 1, DATA), () -> { }));
      // The local cluster's executors are the only processes this JVM started. One is killed a
      // few milliseconds into step 6, while its task is most likely running.
      List<Long> killed = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> killers = new ArrayList<>();
      Ending afterKill = train("killed", spark.engines(2, 1, DATA), () -> killers.add(
          Thread.startVirtualThread(() -> {
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
            ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst()
                .ifPresent(p -> {
                  p.destroyForcibly();
                  killed.add(p.pid());
                });
          })));
      for (Thread killer : killers) {
        killer.join();
      }
      assertEquals(1, killed.size(), "no executor JVM was found to kill");
      assertSameRun(here, afterKill);
    }
  }

  @Test
  void roundsOfLocalStepsGiveTheBitsOfTheSameRoundsHere() throws IOException {
    Ending here = train("here-rounds", Shards.factory(2, 3), () -> { });
    try (SparkCluster spark = SparkCluster.open("local[2]", "skipline test")) {
      assertSameRun(here, train("spark-rounds", spark.engines(2, 3, DATA), () -> { }));
    }
  }

  @Test
  void aBadMasterIsOneSentence() {
    IOException e = assertThrows(IOException.class,
        () -> SparkCluster.open("nowhere:7077", "skipline test"));
    assertTrue(e.getMessage().startsWith("could not start Spark on master 'nowhere:7077': "),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aWorkerWithoutTheDataIsOneSentence() throws IOException {
    try (SparkCluster spark = SparkCluster.open("local[2]", "skipline test")) {
      IOException e = assertThrows(IOException.class, () -> train("nodata",
          spark.engines(2, 1, "fashion-mnist:" + dir.resolve("absent")), () -> { }));
      assertTrue(e.getMessage().startsWith("the Spark job failed: a Spark worker could not load"
          + " the data: "), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
