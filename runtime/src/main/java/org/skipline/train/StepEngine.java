package org.skipline.train;

import java.io.IOException;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.runtime.Network;

/**
 * Where a training step's gradient comes from. An engine runs the forward and backward passes of
 * one step and leaves the gradients and the updated running statistics in the {@link Trainer}'s
 * network, which then takes the optimiser's step: {@link WholeBatch} passes the whole batch
 * through that network; {@link Shards} splits it into shards, each a batch norm of its own,
 * computed one thread each in this process; the Spark module computes the same shards on a
 * cluster, to the same bits.
 */
public interface StepEngine extends AutoCloseable {

  /** The loss (smoothed, if the recipe smooths labels) and right answers of one step's batch. */
  record StepResult(double loss, int correct) {}

  /** Makes the engine of one run. */
  interface Factory {
    /**
     * @param net the network the optimiser updates; its weights, running statistics and count
     *     of training passes are the step's starting point
     * @param norm the training split's statistics, which every image is normalised with
     */
    StepEngine create(Network net, Dataset train, Normalization norm, Recipe recipe)
        throws IOException;

    /**
     * How the batch is split, as checkpoints record it: {@code none} for the whole batch, else
     * the number of shards. It shapes the result, so a run resumes only with the same value.
     */
    String shards();
  }

  /** Training steps in one epoch. */
  int stepsPerEpoch();

  /** Positions the engine at step {@code step} (from 0) of epoch {@code epoch} (from 0). */
  void startEpoch(int epoch, int step) throws IOException;

  /**
   * Runs the next step's forward and backward passes: afterwards {@code net} holds the step's
   * parameter gradients (of the loss averaged over the batch), the running statistics its
   * training pass updated and one more training pass in its count.
   */
  StepResult next(Network net) throws IOException;

  @Override
  void close() throws IOException;
}
