package org.skipline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skipline.data.Normalization;
import org.skipline.io.DType;
import org.skipline.io.Safetensors;
import org.skipline.runtime.Network;
import org.skipline.runtime.OnnxExport;
import org.skipline.train.Checkpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipline export}: a checkpoint's weights as a PyTorch-loadable safetensors file, or a
 * model with its weights (from a checkpoint or a weights file) as an ONNX model.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes a training checkpoint's weights, running statistics and"
        + " num_batches_tracked under the PyTorch names, without the optimizer state, so that"
        + " PyTorch's strict load_state_dict accepts the file (of a run with a moving average,"
        + " --ema, the average, as its final.safetensors holds); or writes a model with its"
        + " weights as an ONNX model (IR 8, opset 17) of its evaluation-mode forward pass, with"
        + " input 'input' [N,C,H,W] and output 'logits' [N,classes].",
        "The format follows --format, else the output's extension: .onnx for ONNX, anything"
            + " else for safetensors."})
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "C",
      description = "A checkpoint from a training run's checkpoints folder; it names its model.")
  Path checkpoint;

  @Option(names = "--model", paramLabel = "MODEL",
      description = "With --weights: simple name of a compiled spec (see 'models') or fully"
          + " qualified name of a class annotated with @ResNet.")
  String model;

  @Option(names = "--weights", paramLabel = "W.safetensors",
      description = "With --model: weights (from init, train, export or PyTorch) or a training"
          + " checkpoint.")
  Path weights;

  @Option(names = {"--output", "--out"}, required = true, paramLabel = "FILE",
      description = "File to write: W.safetensors or M.onnx.")
  Path output;

  @Option(names = "--format", paramLabel = "onnx|safetensors", converter = FormatConverter.class,
      description = "onnx or safetensors; by default, onnx for an output ending in .onnx and"
          + " safetensors otherwise.")
  Format format;

  /** What export writes. */
  enum Format {
    ONNX, SAFETENSORS
  }

  /** Accepts {@code onnx} and {@code safetensors}, case-insensitively. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'"
            + org.skipline.io.Texts.abbreviate(value) + "' is not a format; use onnx or"
            + " safetensors");
      }
    }
  }

  /**
   * Metadata a program classifying new images needs besides the model's name: the data and its
   * normalisation.
   */
  private static final List<String> KEPT_METADATA =
      List.of("data", Normalization.MEAN_KEY, Normalization.STD_KEY);

  @Override
  public Integer call() throws IOException {
    if (checkpoint != null && (weights != null || model != null)) {
      throw Skipline.usage(spec, "give either --checkpoint C or --model M with --weights W,"
          + " not both: a checkpoint names its own model");
    }
    if (checkpoint == null && (weights == null || model == null)) {
      throw Skipline.usage(spec, "give --checkpoint C, or --model M with --weights W");
    }
    Format chosen = format != null ? format
        : output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
            ? Format.ONNX : Format.SAFETENSORS;
    if (checkpoint != null && chosen == Format.SAFETENSORS) {
      return copyCheckpointWeights();
    }
    Safetensors in = checkpoint != null ? Checkpoints.verify(checkpoint)
        : Skipline.readWeights(weights);
    String name = checkpoint != null ? checkpointModel(in) : model;
    Models.Model found = Models.find(name);
    Network net = found.network(1, Models.Engine.INTERPRETED, false);
    net.loadWeights(in);
    String modelName = found.specClass().getName();
    if (chosen == Format.ONNX) {
      OnnxExport.write(net, modelName, output);
      System.out.printf("wrote %s: ONNX model of %s, %,d parameters (IR %d, opset %d)%n",
          output, modelName, net.plan().parameterCount(), OnnxExport.IR_VERSION,
          OnnxExport.OPSET_VERSION);
    } else {
      Safetensors.Writer out = net.writeWeights(new Safetensors.Writer());
      out.metadata("model", modelName);
      keepMetadata(in.metadata(), out);
      out.write(output);
      System.out.printf("wrote %s: weights of %s, %,d parameters%n", output, modelName,
          net.plan().parameterCount());
    }
    return 0;
  }

  /** The model a checkpoint names in its metadata. */
  private String checkpointModel(Safetensors in) {
    String name = in.metadata().get("model");
    if (name == null) {
      throw new CliException(String.format("%s does not name its model in its metadata; export"
          + " it with --model M --weights %s instead", checkpoint, checkpoint));
    }
    return name;
  }

  /**
   * The checkpoint's tensors as they are, but for the optimizer's momentum: its weights, running
   * statistics and {@code num_batches_tracked}.
   */
  private int copyCheckpointWeights() throws IOException {
    Safetensors in = Checkpoints.verify(checkpoint);
    Safetensors.Writer out = new Safetensors.Writer();
    int tensors = 0;
    boolean averaged = in.names().stream().anyMatch(n -> n.startsWith(Network.AVERAGE_PREFIX));
    for (String name : in.names()) {
      if (name.startsWith(Network.VELOCITY_PREFIX) || name.startsWith(Network.AVERAGE_PREFIX)
          || name.startsWith(Network.RUN_PREFIX)) {
        continue;
      }
      String source = averaged && in.contains(Network.AVERAGE_PREFIX + name)
          ? Network.AVERAGE_PREFIX + name : name;
      if (in.dtype(source) == DType.I64) {
        out.putLongs(name, in.shape(source), in.longs(source));
      } else {
        out.putFloats(name, in.shape(source), in.floats(source), 0);
      }
      tensors++;
    }
    if (averaged) {
      out.metadata("weights", "moving average, decay " + in.metadata().get("ema_decay"));
    }
    String modelName = in.metadata().get("model");
    if (modelName != null) {
      out.metadata("model", modelName);
    }
    keepMetadata(in.metadata(), out);
    out.write(output);
    System.out.printf("wrote %s: %d tensors of %s%n", output, tensors, modelName);
    return 0;
  }

  private static void keepMetadata(Map<String, String> metadata, Safetensors.Writer out) {
    for (String key : KEPT_METADATA) {
      String value = metadata.get(key);
      if (value != null) {
        out.metadata(key, value);
      }
    }
  }
}
