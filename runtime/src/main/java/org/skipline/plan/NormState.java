package org.skipline.plan;

/**
 * A batch norm's parameters and statistics.
 *
 * @param name the module name, e.g. {@code blocks.3.bn1}
 * @param weight the scale {@code gamma}; the shift {@code beta} follows it directly in the
 *     parameter buffer
 * @param stateOffset where this norm's {@code 2C} floats start in both the running-statistics
 *     buffer (running mean, then running variance) and the batch-statistics buffer (batch mean,
 *     then inverse standard deviation, saved by the training forward for the backward)
 */
public record NormState(String name, int channels, Parameter weight, Parameter bias,
    int stateOffset) {

  /** The Java constant that holds {@link #stateOffset} in generated code. */
  public String constantName() {
    return Parameter.constantPart(name) + "_STATE";
  }
}
