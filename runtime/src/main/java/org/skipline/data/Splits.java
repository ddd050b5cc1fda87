package org.skipline.data;

import java.util.Objects;

/**
 * The train and test splits of one data source, sharing image shape and class count.
 *
 * @param train the training split, which also supplies the normalisation statistics
 * @param test the test split, used for evaluation only
 */
public record Splits(Dataset train, Dataset test) {

  /** Checks that both splits have the same image shape and number of classes. */
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
  }
}
