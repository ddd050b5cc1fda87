package org.skipline.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skipline.UnitType;
import org.skipline.plan.NormState;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;

/**
 * The ONNX model's pieces against bytes worked out by hand from {@code onnx.proto}'s field
 * numbers, and whole models decoded again: the version, operator set and metadata, a node per
 * step in an order where every value is defined before it is read, and every weight and running
 * statistic as an initializer under its PyTorch name with the network's values. That ONNX Runtime
 * runs the models and agrees with the network is tested in the examples module.
 */
class OnnxExportTest {

  private static byte[] bytes(String ascii, int... tail) {
    byte[] head = ascii.getBytes(StandardCharsets.US_ASCII);
    byte[] b = java.util.Arrays.copyOf(head, head.length + tail.length);
    for (int i = 0; i < tail.length; i++) {
      b[head.length + i] = (byte) tail[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void attributesHaveTheirNameValueAndType() {
    // AttributeProto: name (1), i (3), type (20, INT = 2).
    assertArrayEquals(concat(new byte[] {0x0A, 4}, bytes("axis", 0x18, 0x01, 0xA0, 0x01, 0x02)),
        OnnxExport.intAttribute("axis", 1).toByteArray());
    // ints (8), one key per value, type INTS = 7.
    assertArrayEquals(concat(new byte[] {0x0A, 7},
            bytes("strides", 0x40, 0x02, 0x40, 0x02, 0xA0, 0x01, 0x07)),
        OnnxExport.intsAttribute("strides", 2, 2).toByteArray());
    // f (2, fixed32: 1e-5f is 0x3727C5AC), type FLOAT = 1.
    assertArrayEquals(concat(new byte[] {0x0A, 7},
            bytes("epsilon", 0x15, 0xAC, 0xC5, 0x27, 0x37, 0xA0, 0x01, 0x01)),
        OnnxExport.floatAttribute("epsilon", 1e-5f).toByteArray());
  }

  @Test
  void theOutputIsAFloatTensorWithASymbolicBatch() {
    // ValueInfoProto {name: "logits", type: TypeProto {tensor_type: {elem_type: FLOAT,
    // shape: {dim: [{dim_param: "N"}, {dim_value: 10}]}}}}
    byte[] dims = {0x0A, 0x03, 0x12, 0x01, 'N', 0x0A, 0x02, 0x08, 0x0A};
    byte[] tensorType = concat(new byte[] {0x08, 0x01, 0x12, (byte) dims.length}, dims);
    byte[] type = concat(new byte[] {0x0A, (byte) tensorType.length}, tensorType);
    byte[] expected = concat(new byte[] {0x0A, 6}, bytes("logits", 0x12, type.length), type);
    assertEquals(25, expected.length);
    assertArrayEquals(expected, OnnxExport.valueInfo("logits", 10).toByteArray());
  }

  @ParameterizedTest(name = "depth {0}, pre-activation {1}, {2}")
  @CsvSource({"20, true, BASIC", "20, false, BASIC", "11, true, BOTTLENECK",
      "11, false, BOTTLENECK"})
  void aModelHoldsEveryStepAndWeightOfThePlan(int depth, boolean preActivation, UnitType unit) {
    Spec spec = new Spec("Net", depth, preActivation, unit, 2, 12, 10, 5, 8,
        org.skipline.DownsampleStride.FIRST_1X1);
    Plan plan = Planner.plan(spec);
    Network net = new Interpreter(plan, 1);
    net.initialize(7);
    NormState someNorm = plan.norms().get(plan.norms().size() / 2);
    float[] mean = new float[someNorm.channels()];
    float[] variance = new float[someNorm.channels()];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = 0.25f * c;
      variance[c] = 1 + c;
    }
    net.setRunningStatistics(someNorm, mean, variance);

    Message model = Message.parse(OnnxExport.toBytes(net, "org.example.Net"));
    assertEquals(8, model.varint(1));
    assertEquals(17, model.message(8).varint(2));
    assertTrue(model.message(8).all(1).isEmpty(), "the default domain");
    Map<String, String> metadata = new TreeMap<>();
    for (Message entry : model.messages(14)) {
      metadata.put(entry.string(1), entry.string(2));
    }
    assertEquals(Map.of("model", "org.example.Net", "spec", spec.annotationText()), metadata);

    Message graph = model.message(7);
    assertEquals("input", graph.messages(11).getFirst().string(1));
    assertEquals("logits", graph.messages(12).getFirst().string(1));
    Map<String, Message> initializers = new LinkedHashMap<>();
    graph.messages(5).forEach(t -> initializers.put(t.string(8), t));
    List<String> expectedNames = new ArrayList<>();
    plan.parameters().forEach(p -> expectedNames.add(p.name()));
    plan.norms().forEach(n -> {
      expectedNames.add(n.name() + ".running_mean");
      expectedNames.add(n.name() + ".running_var");
    });
    assertEquals(expectedNames, List.copyOf(initializers.keySet()));
    for (Parameter p : plan.parameters()) {
      Message tensor = initializers.get(p.name());
      assertArrayEquals(p.shapeArray(), tensor.all(1).stream().mapToLong(f -> (Long) f)
          .toArray());
      assertEquals(1, tensor.varint(2), "FLOAT");
      assertArrayEquals(net.parameter(p), floats(tensor.bytes(9)), p.name());
    }
    assertArrayEquals(variance, floats(initializers.get(someNorm.name() + ".running_var")
        .bytes(9)));

    Set<String> defined = new HashSet<>(initializers.keySet());
    defined.add("input");
    Map<String, Integer> ops = new TreeMap<>();
    for (Message node : graph.messages(1)) {
      for (Object input : node.all(1)) {
        String name = new String((byte[]) input, StandardCharsets.UTF_8);
        assertTrue(defined.contains(name), node.string(3) + " reads " + name
            + " before any node writes it");
      }
      assertTrue(defined.add(node.string(2)), node.string(2) + " is written twice");
      ops.merge(node.string(4), 1, Integer::sum);
    }
    assertTrue(defined.contains("logits"));
    int units = plan.blocks().size();
    int projections = (int) plan.blocks().stream().filter(b -> b.projection()).count();
    int convsPerUnit = plan.unit() == UnitType.BOTTLENECK ? 3 : 2;
    int norms = plan.norms().size();
    Map<String, Integer> expected = new TreeMap<>(Map.of(
        "Conv", 1 + convsPerUnit * units + projections,
        "BatchNormalization", norms,
        // Every BN but those before an original unit's addition, and one after each addition.
        "Relu", preActivation ? norms : norms - units - projections + units,
        "Add", units,
        "GlobalAveragePool", 1,
        "Flatten", 1,
        "Gemm", 1));
    assertEquals(expected, ops);
  }

  @Test
  void writesTheModelToAFile(@TempDir Path folder) throws Exception {
    Network net = new Interpreter(Planner.plan(Spec.defaults("Net", 8, true)), 1);
    Path file = folder.resolve("net.onnx");
    OnnxExport.write(net, "Net", file);
    assertArrayEquals(OnnxExport.toBytes(net, "Net"), Files.readAllBytes(file));
  }

  private static float[] floats(byte[] raw) {
    float[] f = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  /**
   * A decoded protobuf message: per field number, its values in order (a {@code Long} for
   * varints and fixed widths, a {@code byte[]} for length-delimited fields).
   */
  record Message(Map<Integer, List<Object>> fields) {

    static Message parse(byte[] b) {
      Map<Integer, List<Object>> fields = new TreeMap<>();
      int[] at = {0};
      while (at[0] < b.length) {
        long key = varint(b, at);
        int field = (int) (key >>> 3);
        Object value = switch ((int) (key & 7)) {
          case 0 -> varint(b, at);
          case 1 -> fixed(b, at, 8);
          case 5 -> fixed(b, at, 4);
          case 2 -> {
            int length = (int) varint(b, at);
            byte[] v = java.util.Arrays.copyOfRange(b, at[0], at[0] + length);
            at[0] += length;
            yield v;
          }
          default -> throw new AssertionError("wire type " + (key & 7));
        };
        fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
      }
      return new Message(fields);
    }

    private static long varint(byte[] b, int[] at) {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        byte next = b[at[0]++];
        value |= (long) (next & 0x7F) << shift;
        if (next >= 0) {
          return value;
        }
      }
    }

    private static long fixed(byte[] b, int[] at, int width) {
      long value = 0;
      for (int i = 0; i < width; i++) {
        value |= (long) (b[at[0]++] & 0xFF) << (8 * i);
      }
      return value;
    }

    List<Object> all(int field) {
      return fields.getOrDefault(field, List.of());
    }

    long varint(int field) {
      assertEquals(1, all(field).size(), "field " + field);
      return (Long) all(field).getFirst();
    }

    byte[] bytes(int field) {
      assertEquals(1, all(field).size(), "field " + field);
      return (byte[]) all(field).getFirst();
    }

    String string(int field) {
      return new String(bytes(field), StandardCharsets.UTF_8);
    }

    Message message(int field) {
      return parse(bytes(field));
    }

    List<Message> messages(int field) {
      return all(field).stream().map(v -> parse((byte[]) v)).toList();
    }
  }
}
