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

  /**
   * The loss (smoothed, if the recipe smooths labels) and right answers of one step's batch, and
   * whether the engine has taken the step's optimiser step itself (local steps of shards that
   * synchronise less often than every step) rather than left gradients for the trainer's.
   */
  record StepResult(double loss, int correct, boolean stepped) {}

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
     * How the batch is split and how often the shards synchronise, as checkpoints record it
     * ({@code shards}: {@code none} for the whole batch, else W; {@code sync_every}: K). It
     * shapes the result, so a run resumes only with the same values.
     */
    java.util.Map<String, String> identity();
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

  /**
   * Whether the network's state is that of the steps handed out so far, so that a checkpoint may
   * be written and a run stopped: always, but inside a round of local steps, whose end state the
   * network holds from its first step on.
   */
  default boolean atBoundary() {
    return true;
  }

  @Override
  void close() throws IOException;
}
