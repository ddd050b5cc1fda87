package org.skipline.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** An image's most probable classes, as one line a person reads. */
final class Predictions {

  private Predictions() {}

  /**
   * The {@code k} most probable of {@code classes} logits starting at {@code offset}, with their
   * softmax probabilities: {@code Sneaker 91.2%, Sandal 5.1%, Ankle boot 2.0%}.
   *
   * @param names class names in label order, or null to show {@code class 7}
   */
  static String top(float[] logits, int offset, int classes, int k, List<String> names) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits[offset + c]);
    }
    double[] p = new double[classes];
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      p[c] = Math.exp(logits[offset + c] - max);
      sum += p[c];
    }
    double total = sum;
    List<String> shown = new ArrayList<>();
    IntStream.range(0, classes).boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -p[c]).thenComparing(c -> c))
        .limit(k)
        .forEach(c -> shown.add(String.format(Locale.ROOT, "%s %.1f%%",
            names == null ? "class " + c : names.get(c), 100 * p[c] / total)));
    return String.join(", ", shown);
  }
}
