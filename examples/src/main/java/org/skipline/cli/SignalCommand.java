package org.skipline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skipline.data.DataSources;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.data.Splits;
import org.skipline.io.AtomicFile;
import org.skipline.io.Texts;
import org.skipline.plan.Block;
import org.skipline.plan.Layer;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.runtime.Interpreter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipline signal}: the paper's Eq. 4 and 5 made visible. One batch forward and backward
 * in training mode, and for every unit {@code l} the norm of its input {@code x_l}, of the
 * gradient of the loss with respect to {@code x_l}, and of the two shares that gradient is the
 * sum of: the shortcut's (with an identity shortcut in a pre-activation design, the gradient of
 * the next unit's input, passed on unchanged) and the residual branch's.
 */
@Command(name = "signal", mixinStandardHelpOptions = true,
    description = "One training-mode forward and backward pass on the first batch of the"
        + " training split; writes DIR/signal.csv (per variant and unit: the norms of x_l, of"
        + " dL/dx_l and of its shortcut and branch shares) and DIR/signal.png (log scale against"
        + " unit index).")
final class SignalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "The network (see 'models').")
  String model;

  @Option(names = "--weights", paramLabel = "W.safetensors",
      description = "Weights or a checkpoint of MODEL (default: freshly initialised, seed 0);"
          + " only for MODEL's own design.")
  Path weights;

  @Option(names = "--data", required = true, paramLabel = "SOURCE",
      description = "fashion-mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR or synthetic.")
  String data;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
      description = "Images in the batch (default 32).")
  int batch;

  @Option(names = "--variants", split = ",", paramLabel = "V1,V2,...",
      description = "Activation orders, shortcut variants or ORDER+SHORTCUT to overlay (as"
          + " ablate names them; default: MODEL's own).")
  List<String> variants;

  @Option(names = {"--output", "--out"}, required = true, paramLabel = "DIR",
      description = "Folder for signal.csv and signal.png.")
  Path out;

  /**
   * One unit's numbers; the shares and the shortcut path are NaN where the unit's shortcut is a
   * projection. {@code shortcutPath} is the norm of the gradient the shortcuts alone carry down
   * to {@code x_l} from the output of the stage's last unit (Eq. 5's first term).
   */
  record UnitSignal(String variant, int unit, int stage, boolean identity, double input,
      double gradient, double shortcutShare, double branchShare, double shortcutPath) {}

  @Override
  public Integer call() throws IOException {
    if (batch < 1) {
      throw Skipline.usage(spec, "--batch must be at least 1, got %d", batch);
    }
    Models.Model m = Models.find(model);
    String own = m.plan().spec().shortcut().label();
    List<String> names = variants == null ? List.of(own) : variants;
    if (weights != null && names.stream().anyMatch(v -> !v.equals(own)
        && !v.equals(m.plan().spec().order().label()))) {
      throw Skipline.usage(spec, "--weights fit only %s's own design (%s); leave them out to"
          + " compare designs freshly initialised", m.name(), m.plan().spec().order().label());
    }
    Splits splits = DataSources.load(data);
    m.checkData(data, splits);
    Dataset train = splits.train();
    int n = Math.min(batch, train.size());
    float[] images = new float[n * train.imageSize()];
    System.arraycopy(train.images(), 0, images, 0, images.length);
    Normalization.of(train).apply(images, 0, n, train.channels(),
        train.height() * train.width());
    int[] labels = java.util.Arrays.copyOf(train.labels(), n);

    List<UnitSignal> rows = new ArrayList<>();
    for (String variant : names) {
      rows.addAll(measure(m, variant, images, labels, n));
    }
    Files.createDirectories(out);
    StringBuilder csv = new StringBuilder("variant,unit,stage,shortcut,input_norm,gradient_norm,"
        + "shortcut_share_norm,branch_share_norm,shortcut_path_norm\n");
    for (UnitSignal r : rows) {
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%.6e,%.6e,%s,%s,%s%n", r.variant(),
          r.unit(), r.stage(), r.identity() ? "identity" : "projection", r.input(),
          r.gradient(), number(r.shortcutShare()), number(r.branchShare()),
          number(r.shortcutPath())));
    }
    AtomicFile.writeString(out.resolve("signal.csv"), csv.toString());
    try {
      SignalChart.write(out.resolve("signal.png"), m.name() + ", batch " + n, rows);
    } catch (IOException | RuntimeException | LinkageError e) {
      System.err.println("skipline: could not draw signal.png: " + e);
    }
    for (String variant : names) {
      List<UnitSignal> units = rows.stream().filter(r -> r.variant().equals(variant)).toList();
      System.out.printf(Locale.ROOT, "%s: |dL/dx| from %.3e at unit 1 to %.3e at unit %d;"
              + " |x| from %.3e to %.3e%n", variant, units.getFirst().gradient(),
          units.getLast().gradient(), units.size(), units.getFirst().input(),
          units.getLast().input());
    }
    System.out.printf("wrote %s and %s%n", out.resolve("signal.csv"), out.resolve("signal.png"));
    return 0;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6e", value);
  }

  /**
   * Runs one batch through the variant's plan on the interpreter, watching the backward pass: the
   * gradient of a unit's input right after the layer that adds its identity shortcut has run is
   * the shortcut's share (no branch layer has added to it yet), and after the unit's first
   * layer, the whole.
   */
  private List<UnitSignal> measure(Models.Model m, String variant, float[] images, int[] labels,
      int n) throws IOException {
    org.skipline.plan.Spec design = UnitVariants.apply(variant, m.plan().spec());
    if (design == null) {
      throw Skipline.usage(spec, "'%s' is not a variant; use %s", Texts.abbreviate(variant),
          UnitVariants.names());
    }
    Plan plan = Planner.plan(design);
    Map<Layer, Block> shortcutLayerOf = new HashMap<>();
    Map<Layer, Block> firstLayerOf = new HashMap<>();
    for (Block b : plan.blocks()) {
      firstLayerOf.put(b.layers().getFirst(), b);
      for (Layer layer : b.layers()) {
        boolean addsInput = switch (layer) {
          case Layer.Add a -> a.shortcut().equals(b.in());
          case Layer.Combine c -> c.shortcut().equals(b.in());
          case Layer.Conv c -> c.shortcut().filter(b.in()::equals).isPresent();
          default -> false;
        };
        if (addsInput) {
          shortcutLayerOf.put(layer, b);
        }
      }
    }
    Map<Block, float[]> shortcutShares = new HashMap<>();
    Map<Block, float[]> totals = new HashMap<>();
    // Read while the unit's first layer is stepped back through: an input that is a batch
    // norm's output is not kept after the pass, only recomputed when the backward pass needs it.
    Map<Block, float[]> inputs = new HashMap<>();
    Interpreter[] net = new Interpreter[1];
    net[0] = new Interpreter(plan, n, (step, layer) -> {
      if (step != Interpreter.Step.BACKWARD) {
        return;
      }
      Block b = shortcutLayerOf.get(layer);
      if (b != null) {
        shortcutShares.put(b, net[0].gradientOf(b.in()));
      }
      b = firstLayerOf.get(layer);
      if (b != null) {
        totals.put(b, net[0].gradientOf(b.in()));
        inputs.put(b, net[0].activationOf(b.in()));
      }
    });
    forwardAndBackward(net[0], m, variant, images, labels, n);
    net[0] = null;  // its buffers, before the second pass allocates its own

    // Eq. 5's first term, in a second pass over the same bits: once a unit's layers have stepped
    // back, its input's gradient is set to the shortcut's share alone, so the units below
    // receive only what the shortcuts carried. A projection unit's input gets the first pass's
    // whole gradient: each stage's path starts from the true gradient at its last unit.
    Map<Block, float[]> paths = new HashMap<>();
    Interpreter[] alone = new Interpreter[1];
    alone[0] = new Interpreter(plan, n, (step, layer) -> {
      if (step != Interpreter.Step.BACKWARD) {
        return;
      }
      Block b = shortcutLayerOf.get(layer);
      if (b != null) {
        paths.put(b, alone[0].gradientOf(b.in()));
      }
      b = firstLayerOf.get(layer);
      if (b != null) {
        alone[0].setGradientOf(b.in(), paths.getOrDefault(b, totals.get(b)));
      }
    });
    if (!shortcutLayerOf.isEmpty()) {  // with a projection on every unit, there is no path
      forwardAndBackward(alone[0], m, variant, images, labels, n);
    }

    List<UnitSignal> rows = new ArrayList<>();
    for (Block b : plan.blocks()) {
      float[] total = totals.get(b);
      float[] shortcut = shortcutShares.get(b);
      double branch = Double.NaN;
      if (shortcut != null) {
        double sum = 0;
        for (int i = 0; i < total.length; i++) {
          double d = (double) total[i] - shortcut[i];
          sum += d * d;
        }
        branch = Math.sqrt(sum);
      }
      rows.add(new UnitSignal(variant, b.index() + 1, b.stage(), shortcut != null,
          norm(inputs.get(b)), norm(total),
          shortcut == null ? Double.NaN : norm(shortcut), branch,
          shortcut == null ? Double.NaN : norm(paths.get(b))));
    }
    return rows;
  }

  /**
   * One training-mode forward and backward pass of the batch, from MODEL's weights or freshly
   * initialised with seed 0: the same bits each time it is called.
   */
  private void forwardAndBackward(Interpreter net, Models.Model m, String variant,
      float[] images, int[] labels, int n) throws IOException {
    if (weights != null) {
      net.loadWeights(Skipline.readWeights(weights));
    } else {
      net.initialize(0);
    }
    net.forward(images, n, true);
    double loss = net.loss(labels);
    if (!Double.isFinite(loss)) {
      throw new CliException(String.format("the loss of %s (%s) on this batch is %s; the"
          + " signal needs finite numbers", m.name(), variant, loss));
    }
    net.zeroGradients();
    net.backward();
  }

  /** The L2 norm over the whole batch, accumulated in double. */
  static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
