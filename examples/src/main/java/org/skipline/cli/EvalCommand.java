package org.skipline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skipline.data.DataSources;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.data.Splits;
import org.skipline.runtime.Network;
import org.skipline.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipline eval}: test-set loss and accuracy of a weights file. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluates weights on the source's test split (normalised with the training"
        + " split's per-channel statistics, as in training); last line 'accuracy: 0.xxxx'.")
final class EvalCommand implements Callable<Integer> {

  @Mixin Skipline.ModelOptions model = new Skipline.ModelOptions();

  @Spec CommandSpec spec;

  @Option(names = "--weights", required = true, paramLabel = "W.safetensors",
      description = "Weights (from train, export or PyTorch) or a training checkpoint.")
  Path weights;

  @Option(names = "--data", required = true, paramLabel = "SOURCE",
      description = "fashion-mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR or synthetic.")
  String data;

  @Option(names = "--batch", defaultValue = "128", paramLabel = "B",
      description = "Images per forward pass (default 128).")
  int batch;

  @Option(names = "--tta", description = "Average the logits of each image and its mirror"
      + " image (test-time augmentation); the loss is then that of the averaged logits.")
  boolean testTimeMirror;

  @Override
  public Integer call() throws IOException {
    if (batch < 1) {
      throw Skipline.usage(spec, "--batch must be at least 1, got %d", batch);
    }
    Models.Model m = Models.find(model.model);
    Splits splits = DataSources.load(data);
    m.checkData(data, splits);
    Dataset test = splits.test();
    Normalization norm = Normalization.of(splits.train());
    int n = Math.min(batch, test.size());
    Network net = Skipline.loadNetwork(model, Skipline.readWeights(weights), n, false);
    int imageSize = test.channels() * test.height() * test.width();
    Evaluation result = Evaluation.of(net, test, norm, new float[n * imageSize], new int[n],
        testTimeMirror);
    System.out.printf(Locale.ROOT, "images: %d%nloss: %.4f%naccuracy: %.4f%n", test.size(),
        result.loss(), result.accuracy());
    return 0;
  }
}
