package org.skipline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.skipline.data.Normalization;
import org.skipline.io.DType;
import org.skipline.io.Safetensors;
import org.skipline.runtime.Network;
import org.skipline.train.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skipline export}: a checkpoint's weights as a PyTorch-loadable safetensors file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes a training checkpoint's weights, running statistics and"
        + " num_batches_tracked under the PyTorch names, without the optimizer state, so that"
        + " PyTorch's strict load_state_dict accepts the file. A run with a moving average"
        + " (--ema) exports the average, as its final.safetensors holds.")
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "C",
      description = "A checkpoint from a training run's checkpoints folder.")
  Path checkpoint;

  @Option(names = {"--output", "--out"}, required = true, paramLabel = "W.safetensors",
      description = "File to write the weights to.")
  Path output;

  @Override
  public Integer call() throws IOException {
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
    String model = in.metadata().get("model");
    // What a program classifying new images needs: the model, the data, its normalisation.
    for (String key : List.of("model", "data", Normalization.MEAN_KEY, Normalization.STD_KEY)) {
      String value = in.metadata().get(key);
      if (value != null) {
        out.metadata(key, value);
      }
    }
    out.write(output);
    System.out.printf("wrote %s: %d tensors of %s%n", output, tensors, model);
    return 0;
  }
}
