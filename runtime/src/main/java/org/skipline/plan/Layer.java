package org.skipline.plan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
