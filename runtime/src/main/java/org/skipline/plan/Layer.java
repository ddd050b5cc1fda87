package org.skipline.plan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.skipline.Shortcut;

/** One step of the forward pass; the backward pass runs the same steps in reverse. */
public sealed interface Layer {

  /** The activation this layer writes. */
  Activation out();

  /** The activations this layer reads. */
  default List<Activation> inputs() {
    return switch (this) {
      case Conv c -> Stream.concat(Stream.of(c.in()), c.shortcut().stream()).toList();
      case Norm b -> List.of(b.in());
      case Add a -> List.of(a.shortcut(), a.residual());
      case Gate g -> List.of(g.in());
      case Combine c -> Stream.concat(Stream.of(c.shortcut(), c.residual()), c.gate().stream())
          .toList();
      case Relu r -> List.of(r.in());
      case Pool p -> List.of(p.in());
      case FullyConnected f -> List.of(f.in());
    };
  }

  /**
   * Convolution without bias, square kernel, zero padding. With a {@code shortcut}, it is the
   * last convolution of a pre-activation unit's residual branch and also does the unit's residual
   * addition: {@code out = conv(in) + shortcut}, the unit's output.
   */
  record Conv(String name, Activation in, Activation out, Parameter weight, int kernel,
      int stride, int padding, Optional<Activation> shortcut) implements Layer {

    /** Multiply-adds per image. */
    public long multiplyAdds() {
      return (long) out.shape().size() * in.shape().channels() * kernel * kernel;
    }
  }

  /** Batch norm over each channel, optionally followed by ReLU in the same pass. */
  record Norm(NormState norm, Activation in, Activation out, boolean relu) implements Layer {}

  /**
   * The residual addition {@code shortcut + residual}, optionally followed by ReLU: every unit's
   * but a full pre-activation one's, whose last convolution adds its shortcut itself.
   */
  record Add(Activation shortcut, Activation residual, Activation out, boolean relu)
      implements Layer {}

  /**
   * A gating shortcut's gate after its 1x1 convolution {@code in}: {@code out = sigmoid(in +
   * bias)}, one bias per channel, which starts at {@code initialBias}.
   */
  record Gate(Activation in, Activation out, Parameter bias, double initialBias)
      implements Layer {}

  /**
   * How a unit of a {@link Shortcut} variant other than the identity and the projection combines
   * its shortcut {@code S} and branch {@code F}; its output is what the activation order's step
   * after combining receives:
   *
   * <ul>
   *   <li>{@link Shortcut#CONSTANT_SCALING}: {@code shortcutScale * S + branchScale * F};
   *   <li>{@link Shortcut#EXCLUSIVE_GATING}: {@code (1 - g) * S + g * F};
   *   <li>{@link Shortcut#SHORTCUT_ONLY_GATING}: {@code (1 - g) * S + F};
   *   <li>{@link Shortcut#DROPOUT}: in training {@code mask * S + F}, the mask's values 0 or
   *       {@code 1 / (1 - dropout)}, written into {@code mask} from the network's seed, the
   *       training step and {@code stream}; in evaluation {@code S + F}.
   * </ul>
   */
  record Combine(Shortcut kind, Activation shortcut, Activation residual,
      Optional<Activation> gate, Optional<Activation> mask, Activation out, float shortcutScale,
      float branchScale, float dropout, int stream) implements Layer {}

  /** {@code max(0, in)} on its own, where no batch norm or addition precedes it to fuse with. */
  record Relu(Activation in, Activation out) implements Layer {}

  /** Global average pooling to one value per channel. */
  record Pool(Activation in, Activation out) implements Layer {}

  /** The fully connected classifier, with bias. */
  record FullyConnected(Activation in, Activation out, Parameter weight, Parameter bias)
      implements Layer {

    /** Multiply-adds per image. */
    public long multiplyAdds() {
      return (long) in.shape().size() * out.shape().size();
    }
  }
}
