package org.skipline.plan;

import java.util.List;

/** One step of the forward pass; the backward pass runs the same steps in reverse. */
public sealed interface Layer {

  /** The activation this layer writes. */
  Activation out();

  /** The activations this layer reads. */
  default List<Activation> inputs() {
    return switch (this) {
      case Conv c -> List.of(c.in());
      case Norm b -> List.of(b.in());
      case Add a -> List.of(a.shortcut(), a.residual());
      case Pool p -> List.of(p.in());
      case FullyConnected f -> List.of(f.in());
    };
  }

  /** Convolution without bias, square kernel, zero padding. */
  record Conv(String name, Activation in, Activation out, Parameter weight, int kernel,
      int stride, int padding) implements Layer {

    /** Multiply-adds per image. */
    public long multiplyAdds() {
      return (long) out.shape().size() * in.shape().channels() * kernel * kernel;
    }
  }

  /** Batch norm over each channel, optionally followed by ReLU in the same pass. */
  record Norm(NormState norm, Activation in, Activation out, boolean relu) implements Layer {}

  /** The residual addition {@code shortcut + residual}, optionally followed by ReLU. */
  record Add(Activation shortcut, Activation residual, Activation out, boolean relu)
      implements Layer {}

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
