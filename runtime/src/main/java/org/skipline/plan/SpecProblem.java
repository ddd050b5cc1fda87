package org.skipline.plan;

/**
 * One thing wrong with a spec: which annotation attribute, a stable tag and a message that says
 * what was given, what is valid and the nearest valid choice.
 *
 * @param attribute the annotation attribute to point at, or {@code null} for the whole annotation
 */
public record SpecProblem(String attribute, Tag tag, String detail) {

  /** Stable tags, one per kind of problem; users and tests match on them. */
  public enum Tag {
    /** The depth fits neither 6n+2 (basic) nor 9n+2 (bottleneck), or not the unit asked for. */
    ResNetDepth,
    /** A size (channels, height, width, classes, base width) outside its valid range. */
    ResNetSize,
    /** The input is too small for the two stride-2 stages. */
    ResNetInput,
    /** The network would not fit the int-indexed buffers of the runtime. */
    ResNetMemory,
    /** Variant switches that contradict each other or do not fit the chosen design. */
    ResNetVariant,
    /** The annotated element is not a class the generated code can refer to. */
    ResNetElement,
    /** The generated class name is already taken. */
    ResNetName,
    /** The processor failed unexpectedly; the message carries the trace. */
    ResNetInternal
  }

  /** The message as the user sees it: {@code [Tag] detail}. */
  public String message() {
    return "[" + tag + "] " + detail;
  }
}
