package org.skipline.train;

import org.skipline.data.BatchLoader;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.runtime.Network;

/** The whole batch through the trainer's network, split between its threads layer by layer. */
public final class WholeBatch implements StepEngine {

  /** Whole batches, the default. */
  public static final Factory FACTORY = new Factory() {
    @Override
    public StepEngine create(Network net, Dataset train, Normalization norm, Recipe recipe) {
      return new WholeBatch(train, norm, recipe);
    }

    @Override
    public java.util.Map<String, String> identity() {
      return java.util.Map.of("shards", "none", "sync_every", "1");
    }
  };

  private final BatchLoader loader;
  private final float[] images;
  private final int[] labels;
  private final Recipe recipe;

  private WholeBatch(Dataset train, Normalization norm, Recipe recipe) {
    this.recipe = recipe;
    this.loader = new BatchLoader(train, norm, recipe.batch(), recipe.augment(), recipe.erasing(),
        recipe.seed());
    this.images = new float[recipe.batch() * train.imageSize()];
    this.labels = new int[recipe.batch()];
  }

  @Override
  public int stepsPerEpoch() {
    return loader.stepsPerEpoch();
  }

  @Override
  public void startEpoch(int epoch, int step) {
    loader.startEpoch(epoch, step);
  }

  @Override
  public StepResult next(Network net) {
    if (!loader.next(images, labels)) {
      throw new IllegalStateException("the epoch has no more batches");
    }
    net.forward(images, recipe.batch(), true);
    double loss = net.loss(labels, recipe.labelSmoothing());
    int correct = net.correctPredictions();
    net.zeroGradients();
    net.backward();
    return new StepResult(loss, correct, false);
  }

  @Override
  public void close() {
    loader.close();
  }
}
