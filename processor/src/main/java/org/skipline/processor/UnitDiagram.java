package org.skipline.processor;

import java.util.ArrayList;
import java.util.List;
import org.skipline.plan.Activation;
import org.skipline.plan.Block;
import org.skipline.plan.Layer;

/**
 * A residual unit drawn as the paper draws it, for the Javadoc of its methods: the branch on one
 * line from {@code x_l} to the addition, the shortcut below it joining at the {@code (+)}, then
 * what follows the addition.
 *
 * <pre>
 * x_l -> bn1 -> ReLU -> conv1 3x3 -> bn2 -> ReLU -> conv2 3x3 -(+)-> x_l+1
 *    `----------------------- identity x_l -------------------'
 * </pre>
 */
final class UnitDiagram {

  private UnitDiagram() {}

  static String of(Block b) {
    List<String> branch = new ArrayList<>();
    List<String> shortcut = new ArrayList<>();
    List<String> after = new ArrayList<>();
    String gate = null;
    String shortcutFactor = "";
    String branchFactor = "";
    boolean added = false;
    for (Layer layer : b.layers()) {
      switch (layer) {
        case Layer.Conv c when c.name().endsWith(".gate") ->
            gate = "g = sigmoid(gate " + c.kernel() + "x" + c.kernel()
                + (c.stride() > 1 ? "/" + c.stride() : "") + " of " + describe(c.in(), b)
                + " + bias)";
        case Layer.Gate g -> { }
        case Layer.Combine c -> {
          added = true;
          switch (c.kind()) {
            case CONSTANT_SCALING -> {
              shortcutFactor = number(c.shortcutScale()) + " * ";
              branchFactor = c.branchScale() == 1f ? "" : number(c.branchScale()) + " * ";
            }
            case EXCLUSIVE_GATING -> {
              shortcutFactor = "(1 - g) * ";
              branchFactor = "g * ";
            }
            case SHORTCUT_ONLY_GATING -> shortcutFactor = "(1 - g) * ";
            case DROPOUT -> shortcutFactor = "dropout " + number(c.dropout()) + " of ";
            default -> { }
          }
        }
        case Layer.Conv c when isShortcut(c.name()) -> shortcut.add(conv(c));
        case Layer.Conv c -> {
          branch.add(conv(c));
          added |= c.shortcut().isPresent();
        }
        case Layer.Norm n when isShortcut(n.norm().name()) -> shortcut.add(NetworkWriter.shortName(
            n.norm().name()));
        case Layer.Norm n -> {
          List<String> to = added ? after : branch;
          to.add(NetworkWriter.shortName(n.norm().name()));
          if (n.relu()) {
            to.add("ReLU");
          }
        }
        case Layer.Add a -> {
          added = true;
          if (a.relu()) {
            after.add("ReLU");
          }
        }
        case Layer.Relu r -> (added ? after : branch).add("ReLU");
        default -> { }
      }
    }
    String head = "x_l -> " + String.join(" -> ", branch)
        + (branchFactor.isEmpty() ? "" : " -> " + branchFactor.strip()) + " -";
    int plus = head.length() + 1;  // where the shortcut joins: the '+' of "(+)"
    String line = head + "(+)-> " + String.join(" -> ", after) + (after.isEmpty() ? "" : " -> ")
        + "x_l+1";
    String label = " " + shortcutFactor + (shortcut.isEmpty() ? "identity x_l"
        : String.join(" -> ", shortcut) + " of " + source(b)) + " ";
    int dashes = Math.max(2, plus - 4 - label.length());
    String below = "   `" + "-".repeat(dashes / 2) + label + "-".repeat(dashes - dashes / 2)
        + "'";
    return line + "\n" + below + "\n" + (gate == null ? "" : gate + "\n");
  }

  /** What an activation of the unit is, in the diagram's words. */
  private static String describe(Activation a, Block b) {
    if (a.equals(b.in())) {
      return "x_l";
    }
    return a.name().endsWith(".relu") ? "ReLU(x_l)" : "ReLU(" + NetworkWriter.shortName(a.name()) + "(x_l))";
  }

  /** {@code 0.5}, not {@code 0.5000}: the value as the spec wrote it. */
  private static String number(float value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** What the projection reads: the unit's input, or its first BN+ReLU's output. */
  private static String source(Block b) {
    for (Layer layer : b.layers()) {
      if (layer instanceof Layer.Conv c && isShortcut(c.name())) {
        return describe(c.in(), b);
      }
    }
    return "x_l";
  }

  private static boolean isShortcut(String name) {
    return name.endsWith(".proj") || name.endsWith(".proj_bn");
  }

  private static String conv(Layer.Conv c) {
    return NetworkWriter.shortName(c.name()) + " " + c.kernel() + "x" + c.kernel()
        + (c.stride() > 1 ? "/" + c.stride() : "");
  }
}
