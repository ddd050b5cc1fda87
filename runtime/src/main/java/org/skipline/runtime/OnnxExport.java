package org.skipline.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skipline.Shortcut;
import org.skipline.io.AtomicFile;
import org.skipline.io.ProtobufWriter;
import org.skipline.kernels.BatchNorm;
import org.skipline.plan.Activation;
import org.skipline.plan.Layer;
import org.skipline.plan.NormState;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;

/**
 * A network's evaluation-mode forward pass as an ONNX model (IR version 8, default-domain opset
 * 17), so that ONNX Runtime and other ONNX tools run it. One node per step of the plan: {@code
 * Conv} without bias, {@code BatchNormalization} in inference form with the running statistics
 * (kept as its own node, not folded into the convolution, so the file holds the weights as they
 * are), {@code Relu}, {@code Add} for residual additions, {@code GlobalAveragePool}, {@code
 * Flatten} and {@code Gemm}. The weights are initializers under their PyTorch {@code state_dict}
 * names; the graph's input is {@code input} {@code [N,C,H,W]} and its output {@code logits}
 * {@code [N,classes]}, with the batch size {@code N} symbolic. The model's metadata holds the
 * model's name ({@value #MODEL_KEY}) and its spec as the annotation reads ({@value #SPEC_KEY}).
 *
 * <p>Field numbers are those of the ONNX specification's {@code onnx.proto}.
 */
public final class OnnxExport {

  /** The ONNX IR version of the exported files. */
  public static final long IR_VERSION = 8;

  /** The default-domain operator set the exported graphs use. */
  public static final long OPSET_VERSION = 17;

  /** Metadata key of the model's name. */
  public static final String MODEL_KEY = "model";

  /** Metadata key of the spec, as its annotation reads. */
  public static final String SPEC_KEY = "spec";

  /** The graph's output. */
  public static final String OUTPUT = "logits";

  /** The symbolic batch dimension of the input and output. */
  public static final String BATCH = "N";

  // onnx.proto: ModelProto
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int MODEL_METADATA_PROPS = 14;
  // OperatorSetIdProto (its domain, field 1, is left out: the default domain)
  private static final int OPSET_VERSION_FIELD = 2;
  // StringStringEntryProto
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto and its AttributeType values
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_F = 2;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int TYPE_FLOAT = 1;
  private static final int TYPE_INT = 2;
  private static final int TYPE_INTS = 7;
  // TensorProto and its DataType FLOAT
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int DATA_TYPE_FLOAT = 1;
  private static final int DATA_TYPE_INT64 = 7;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  private final Network net;
  private final Plan plan;
  private final ProtobufWriter graph = new ProtobufWriter();
  /** The ONNX value that holds each activation, where it is not named after the activation. */
  private final Map<Activation, String> values = new HashMap<>();

  private OnnxExport(Network net) {
    this.net = net;
    this.plan = net.plan();
  }

  /**
   * Writes {@code net}'s ONNX model to {@code file}, atomically.
   *
   * @param model the name recorded in the model's metadata, such as the spec's class name
   * @throws IllegalArgumentException if the weights would not fit one ONNX file (2 GB)
   */
  public static void write(Network net, String model, Path file) throws IOException {
    ProtobufWriter encoded = encode(net, model);
    AtomicFile.write(file, encoded::writeTo);
  }

  /** {@code net}'s ONNX model, encoded; see {@link #write}. */
  public static byte[] toBytes(Network net, String model) {
    return encode(net, model).toByteArray();
  }

  private static ProtobufWriter encode(Network net, String model) {
    Plan plan = net.plan();
    long weightBytes = 4L * (plan.parameterFloats() + plan.stateFloats());
    if (weightBytes > ProtobufWriter.MAX_BYTES) {
      throw new IllegalArgumentException(String.format(
          "%s has %,d bytes of weights, more than one ONNX file holds (2 GB)",
          plan.spec().name(), weightBytes));
    }
    return new ProtobufWriter()
        .varint(MODEL_IR_VERSION, IR_VERSION)
        .string(MODEL_PRODUCER_NAME, "Skipline")
        .message(MODEL_GRAPH, new OnnxExport(net).graph())
        .message(MODEL_OPSET_IMPORT, new ProtobufWriter().varint(OPSET_VERSION_FIELD,
            OPSET_VERSION))
        .message(MODEL_METADATA_PROPS, entry(MODEL_KEY, model))
        .message(MODEL_METADATA_PROPS, entry(SPEC_KEY, plan.spec().annotationText()));
  }

  private static ProtobufWriter entry(String key, String value) {
    return new ProtobufWriter().string(ENTRY_KEY, key).string(ENTRY_VALUE, value);
  }

  private ProtobufWriter graph() {
    values.put(plan.logits(), OUTPUT);
    for (Layer layer : plan.layers()) {
      switch (layer) {
        case Layer.Conv c -> convolution(c);
        case Layer.Norm b -> batchNorm(b);
        case Layer.Add a -> {
          String sum = a.relu() ? a.out().name() + ".sum" : value(a.out());
          node("Add", a.out().name() + ".add", List.of(value(a.shortcut()), value(a.residual())),
              sum);
          if (a.relu()) {
            node("Relu", a.out().name() + ".relu", List.of(sum), value(a.out()));
          }
        }
        case Layer.Gate g -> gate(g);
        case Layer.Combine c -> combine(c);
        case Layer.Relu r ->
            node("Relu", r.out().name() + ".relu", List.of(value(r.in())), value(r.out()));
        case Layer.Pool p -> {
          node("GlobalAveragePool", p.out().name(), List.of(value(p.in())), p.out().name());
          String flat = p.out().name() + ".flat";
          node("Flatten", flat, List.of(p.out().name()), flat, intAttribute("axis", 1));
          values.put(p.out(), flat);
        }
        case Layer.FullyConnected f -> node("Gemm", f.out().name(),
            List.of(value(f.in()), f.weight().name(), f.bias().name()), value(f.out()),
            intAttribute("transB", 1));
      }
    }
    graph.string(GRAPH_NAME, plan.spec().name());
    for (Parameter p : plan.parameters()) {
      initializer(p.name(), p.shapeArray(), net.parameter(p));
    }
    for (NormState norm : plan.norms()) {
      long[] shape = {norm.channels()};
      initializer(norm.name() + ".running_mean", shape, net.runningMean(norm));
      initializer(norm.name() + ".running_var", shape, net.runningVariance(norm));
    }
    Shape in = plan.input().shape();
    graph.message(GRAPH_INPUT, valueInfo(value(plan.input()), in.channels(), in.height(),
        in.width()));
    graph.message(GRAPH_OUTPUT, valueInfo(OUTPUT, plan.spec().classes()));
    return graph;
  }

  /**
   * A convolution; the last one of a pre-activation unit's branch also adds the shortcut, which
   * takes an {@code Add} node here.
   */
  private void convolution(Layer.Conv c) {
    String out = c.shortcut().isPresent() ? c.name() : value(c.out());
    int k = c.kernel();
    int s = c.stride();
    int p = c.padding();
    node("Conv", c.name(), List.of(value(c.in()), c.weight().name()), out,
        intsAttribute("kernel_shape", k, k), intsAttribute("strides", s, s),
        intsAttribute("pads", p, p, p, p));
    if (c.shortcut().isPresent()) {
      node("Add", c.out().name() + ".add", List.of(out, value(c.shortcut().get())),
          value(c.out()));
    }
  }

  /**
   * A gate: its bias, which ONNX broadcasts from the last axis, unsqueezed to {@code [C, 1, 1]},
   * an {@code Add} and a {@code Sigmoid}.
   */
  private void gate(Layer.Gate g) {
    String bias = g.bias().name() + ".chw";
    String axes = g.bias().name() + ".axes";
    ProtobufWriter axesTensor = new ProtobufWriter().varint(TENSOR_DIMS, 2);
    ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(2);
    axesTensor.varint(TENSOR_DATA_TYPE, DATA_TYPE_INT64).string(TENSOR_NAME, axes)
        .bytes(TENSOR_RAW_DATA, raw.array());
    graph.message(GRAPH_INITIALIZER, axesTensor);
    node("Unsqueeze", bias, List.of(g.bias().name(), axes), bias);
    String logits = g.out().name() + ".logits";
    node("Add", g.out().name() + ".add", List.of(value(g.in()), bias), logits);
    node("Sigmoid", g.out().name() + ".sigmoid", List.of(logits), value(g.out()));
  }

  /**
   * A shortcut variant's combination in {@code Mul}, {@code Sub} and {@code Add} nodes; the
   * dropout shortcut is the identity in evaluation, a plain {@code Add}.
   */
  private void combine(Layer.Combine c) {
    String name = c.out().name();
    String s = value(c.shortcut());
    String f = value(c.residual());
    switch (c.kind()) {
      case CONSTANT_SCALING -> {
        s = scaled(name + ".scaled_shortcut", s, c.shortcutScale());
        if (c.branchScale() != 1f) {
          f = scaled(name + ".scaled_branch", f, c.branchScale());
        }
      }
      case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> {
        String g = value(c.gate().orElseThrow());
        String one = name + ".one";
        initializer(one, new long[0], new float[] {1f});
        node("Sub", name + ".keep", List.of(one, g), name + ".keep");
        node("Mul", name + ".gated_shortcut", List.of(name + ".keep", s),
            name + ".gated_shortcut");
        s = name + ".gated_shortcut";
        if (c.kind() == Shortcut.EXCLUSIVE_GATING) {
          node("Mul", name + ".gated_branch", List.of(g, f), name + ".gated_branch");
          f = name + ".gated_branch";
        }
      }
      case DROPOUT, IDENTITY, CONV_1X1 -> { }
    }
    node("Add", name + ".add", List.of(s, f), value(c.out()));
  }

  /** {@code value * factor} as a {@code Mul} node by a scalar constant; returns its output. */
  private String scaled(String name, String value, float factor) {
    initializer(name + ".factor", new long[0], new float[] {factor});
    node("Mul", name, List.of(value, name + ".factor"), name);
    return name;
  }

  private void batchNorm(Layer.Norm b) {
    NormState norm = b.norm();
    String normalized = b.relu() ? norm.name() + ".normalized" : value(b.out());
    node("BatchNormalization", norm.name(), List.of(value(b.in()), norm.weight().name(),
            norm.bias().name(), norm.name() + ".running_mean", norm.name() + ".running_var"),
        normalized, floatAttribute("epsilon", BatchNorm.EPS));
    if (b.relu()) {
      node("Relu", norm.name() + ".relu", List.of(normalized), value(b.out()));
    }
  }

  /** The ONNX value of an activation: its own name unless another was recorded. */
  private String value(Activation activation) {
    return values.getOrDefault(activation, activation.name());
  }

  private void node(String opType, String name, List<String> inputs, String output,
      ProtobufWriter... attributes) {
    ProtobufWriter node = new ProtobufWriter();
    inputs.forEach(input -> node.string(NODE_INPUT, input));
    node.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
    for (ProtobufWriter attribute : attributes) {
      node.message(NODE_ATTRIBUTE, attribute);
    }
    graph.message(GRAPH_NODE, node);
  }

  static ProtobufWriter intAttribute(String name, long value) {
    return new ProtobufWriter().string(ATTRIBUTE_NAME, name).varint(ATTRIBUTE_I, value)
        .varint(ATTRIBUTE_TYPE, TYPE_INT);
  }

  static ProtobufWriter intsAttribute(String name, long... values) {
    ProtobufWriter attribute = new ProtobufWriter().string(ATTRIBUTE_NAME, name);
    for (long value : values) {
      attribute.varint(ATTRIBUTE_INTS, value);
    }
    return attribute.varint(ATTRIBUTE_TYPE, TYPE_INTS);
  }

  static ProtobufWriter floatAttribute(String name, float value) {
    return new ProtobufWriter().string(ATTRIBUTE_NAME, name).floatValue(ATTRIBUTE_F, value)
        .varint(ATTRIBUTE_TYPE, TYPE_FLOAT);
  }

  private void initializer(String name, long[] shape, float[] data) {
    ProtobufWriter tensor = new ProtobufWriter();
    for (long d : shape) {
      tensor.varint(TENSOR_DIMS, d);
    }
    ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    tensor.varint(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT).string(TENSOR_NAME, name)
        .bytes(TENSOR_RAW_DATA, raw.array());
    graph.message(GRAPH_INITIALIZER, tensor);
  }

  /** A float tensor's name and shape {@code [N, dims...]}, with the batch dimension symbolic. */
  static ProtobufWriter valueInfo(String name, int... dims) {
    ProtobufWriter shape = new ProtobufWriter()
        .message(SHAPE_DIM, new ProtobufWriter().string(DIM_PARAM, BATCH));
    for (int d : dims) {
      shape.message(SHAPE_DIM, new ProtobufWriter().varint(DIM_VALUE, d));
    }
    ProtobufWriter tensorType = new ProtobufWriter()
        .varint(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT)
        .message(TENSOR_TYPE_SHAPE, shape);
    return new ProtobufWriter()
        .string(VALUE_INFO_NAME, name)
        .message(VALUE_INFO_TYPE, new ProtobufWriter().message(TYPE_TENSOR_TYPE, tensorType));
  }
}
