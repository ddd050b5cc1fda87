package org.skipline.data;

import java.util.Objects;

/**
 * The train and test splits of one data source, sharing image shape and class count.
 *
 * @param train the training split, which also supplies the normalisation statistics
 * @param test the test split, used for evaluation only
 */
public record Splits(Dataset train, Dataset test) {

  /** Checks that both splits have images, of the same shape and number of classes. */
  public Splits {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.channels() != test.channels()
        || train.height() != test.height()
        || train.width() != test.width()
        || train.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "splits " + train.name() + " and " + test.name() + " differ in image shape or classes");
    }
    if (train.size() == 0 || test.size() == 0) {
      throw new IllegalArgumentException(String.format(
          "%s has %d training and %d test images; both splits need at least one",
          train.name(), train.size(), test.size()));
    }
  }
}
