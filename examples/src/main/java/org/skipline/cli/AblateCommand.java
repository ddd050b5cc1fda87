package org.skipline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skipline.data.DataSources;
import org.skipline.data.Splits;
import org.skipline.io.AtomicFile;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;
import org.skipline.train.Recipe;
import org.skipline.train.RunLock;
import org.skipline.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipline ablate}: the paper's way of comparing unit designs. One network, several
 * variants of its units, one budget, several seeds; every run an ordinary resumable training run
 * in its own folder, and a table and chart of the outcome.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true,
    description = "Trains MODEL's network once per variant and seed under one budget (the paper's"
        + " recipe scaled to E epochs), each run in DIR/<variant>/seed-<k>/, then writes"
        + " DIR/ablation.csv (a row per variant and seed), DIR/ablation.md (the paper's kind of"
        + " table: median and range over seeds) and DIR/ablation.png (training loss and test"
        + " error per epoch). Run again, it skips finished runs and resumes an interrupted one.")
final class AblateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "The network whose units are varied (see 'models').")
  String model;

  @Option(names = "--variants", required = true, split = ",", paramLabel = "V1,V2,...",
      description = "Activation orders: original, bn-after-addition, relu-before-addition,"
          + " relu-only-preactivation, full-preactivation (with MODEL's shortcut); shortcut"
          + " variants: identity, constant-scaling, exclusive-gating, shortcut-only-gating,"
          + " conv-shortcut, dropout-shortcut (on MODEL's activation order, with the"
          + " annotation's default values); or ORDER+SHORTCUT, such as"
          + " original+constant-scaling (the paper's Table 1 varies original units).")
  List<String> variants;

  @Option(names = "--data", required = true, paramLabel = "SOURCE",
      description = "fashion-mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR or synthetic.")
  String data;

  @Option(names = "--epochs", required = true, paramLabel = "E",
      description = "Passes over the training set, the same for every run.")
  int epochs;

  @Option(names = "--batch", defaultValue = "128", paramLabel = "B",
      description = "Images per step (default 128).")
  int batch;

  @Option(names = "--seeds", defaultValue = "1", paramLabel = "K",
      description = "Runs per variant, with seeds 0 to K-1 (default 1).")
  int seeds;

  @Option(names = {"--output", "--out"}, required = true, paramLabel = "DIR",
      description = "Folder of the study: one folder per run, and the table and chart.")
  Path out;

  /**
   * The outcome of one finished run: its metrics.csv by epoch (the last for the table) and its
   * steps.csv by step (empty if it has none) for the chart.
   */
  record RunResult(String variant, int seed, long parameters, List<Map<String, Double>> epochs,
      List<Map<String, Double>> steps) {

    Map<String, Double> last() {
      return epochs.getLast();
    }
  }

  @Override
  public Integer call() throws IOException {
    if (epochs < 1) {
      throw Skipline.usage(spec, "--epochs must be at least 1, got %d", epochs);
    }
    if (batch < 1) {
      throw Skipline.usage(spec, "--batch must be at least 1, got %d", batch);
    }
    if (seeds < 1 || seeds > 1000) {
      throw Skipline.usage(spec, "--seeds must be from 1 to 1000, got %d", seeds);
    }
    Models.Model m = Models.find(model);
    Map<String, org.skipline.plan.Spec> designs = new LinkedHashMap<>();
    for (String v : variants) {
      designs.put(v, design(v, m.plan()));
    }
    Splits splits = DataSources.load(data);
    m.checkData(data, splits);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CliException(String.format("--output %s is a file, but a study writes a folder;"
          + " name a folder", out));
    }
    Files.createDirectories(out);
    List<RunResult> results = new ArrayList<>();
    try (RunLock _ = RunLock.acquire(out)) {
      AtomicFile.removeTemporaries(out);
      for (Map.Entry<String, org.skipline.plan.Spec> v : designs.entrySet()) {
        Plan plan = Planner.plan(v.getValue());
        for (int seed = 0; seed < seeds; seed++) {
          results.add(run(m, v.getKey(), plan, seed, splits));
        }
      }
      writeCsv(results);
      writeTable(results);
      try {
        AblationChart.write(out.resolve("ablation.png"), m.name(), results);
      } catch (IOException | RuntimeException | LinkageError e) {
        // Drawing needs Java's AWT; the table and CSV stand without the chart.
        System.err.println("skipline: could not draw ablation.png: " + e);
      }
    }
    System.out.print(Files.readString(out.resolve("ablation.md"), StandardCharsets.UTF_8));
    System.out.printf("wrote %s, %s and %s%n", out.resolve("ablation.csv"),
        out.resolve("ablation.md"), out.resolve("ablation.png"));
    return 0;
  }

  /** The spec of the design a variant names, or a usage error that says which names exist. */
  private org.skipline.plan.Spec design(String variant, Plan own) {
    org.skipline.plan.Spec design = UnitVariants.apply(variant, own.spec());
    if (design == null) {
      throw Skipline.usage(spec, "'%s' is not a variant; use %s",
          org.skipline.io.Texts.abbreviate(variant), UnitVariants.names());
    }
    return design;
  }

  /**
   * One run: trained to the end, resumed from its checkpoints, or skipped when its final
   * weights exist. The generated class runs the model's own design, the interpreter the others.
   */
  private RunResult run(Models.Model m, String variant, Plan plan, int seed, Splits splits)
      throws IOException {
    Path folder = out.resolve(variant).resolve("seed-" + seed);
    Path last = folder.resolve("final.safetensors");
    if (!Files.exists(last)) {
      Files.createDirectories(folder);
      boolean resume = Files.isDirectory(folder.resolve("checkpoints"));
      System.out.printf("%s, seed %d: %s%n", variant, seed, resume ? "resuming" : "training");
      Recipe paper = Recipe.paper(epochs, batch);
      Recipe recipe = new Recipe(epochs, batch, paper.learningRate(), paper.momentum(),
          paper.nesterov(), paper.weightDecay(), paper.decayAt(), paper.decayFactor(),
          paper.warmupSteps(), paper.warmupRate(), paper.augment(), seed,
          paper.checkpointMinutes(), paper.checkpointSteps(), paper.keepCheckpoints());
      Network net = plan.spec().equals(m.plan().spec())
          ? m.network(batch, Models.Engine.GENERATED, true)
          : new Interpreter(plan, batch);
      try (RunLock _ = RunLock.acquire(folder)) {
        TrainCommand.Progress progress = new TrainCommand.Progress(folder,
            m.name() + " " + variant + ", seed " + seed, resume);
        Trainer trainer = new Trainer(net, m.specClass().getName() + " [" + variant + "]",
            splits.train(), splits.test(), recipe, folder, progress);
        try {
          Trainer.Outcome outcome = trainer.run(resume);
          progress.finish();
          if (!outcome.completed()) {
            throw new CliException(String.format("the run in %s stopped before its end;"
                + " run the study again to resume it", folder));
          }
        } catch (Trainer.DivergedException e) {
          progress.finish();
          throw new CliException(e.getMessage());
        }
        trainer.export(last);
      }
    } else {
      System.out.printf("%s, seed %d: finished earlier, kept%n", variant, seed);
    }
    Path steps = folder.resolve("steps.csv");
    return new RunResult(variant, seed, plan.parameterCount(),
        readMetrics(folder.resolve("metrics.csv")),
        Files.exists(steps) ? readMetrics(steps) : List.of());
  }

  /** A run's metrics.csv (or steps.csv), by column name, one map per epoch (or step). */
  static List<Map<String, Double>> readMetrics(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.size() < 2) {
      throw new CliException(csv + " holds no epoch; remove its run's folder to train it anew");
    }
    String[] header = lines.getFirst().split(",");
    List<Map<String, Double>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      Map<String, Double> row = new LinkedHashMap<>();
      for (int i = 0; i < Math.min(header.length, cells.length); i++) {
        try {
          row.put(header[i], Double.parseDouble(cells[i]));
        } catch (NumberFormatException e) {
          throw new CliException(String.format("%s: '%s' in column %s is not a number", csv,
              org.skipline.io.Texts.abbreviate(cells[i]), header[i]));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private void writeCsv(List<RunResult> results) throws IOException {
    StringBuilder csv = new StringBuilder(
        "variant,seed,parameters,train_loss,test_loss,test_accuracy,test_error,seconds\n");
    for (RunResult r : results) {
      Map<String, Double> last = r.last();
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.1f%n", r.variant(),
          r.seed(), r.parameters(), last.get("train_loss"), last.get("test_loss"),
          last.get("test_accuracy"), 1 - last.get("test_accuracy"), totalSeconds(r)));
    }
    AtomicFile.writeString(out.resolve("ablation.csv"), csv.toString());
  }

  /** The paper's kind of table: per variant, median and range over the seeds. */
  private void writeTable(List<RunResult> results) throws IOException {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "%s on %s, %d epochs at batch %d, %d seed%s each%n%n", model, data, epochs, batch, seeds,
        seeds == 1 ? "" : "s"));
    md.append("| variant | parameters | final training loss | test error % (median) |"
        + " range | time |\n|---|---|---|---|---|---|\n");
    for (String variant : results.stream().map(RunResult::variant).distinct().toList()) {
      List<RunResult> runs = results.stream().filter(r -> r.variant().equals(variant)).toList();
      double[] errors = runs.stream().mapToDouble(r -> 100 * (1 - r.last().get("test_accuracy")))
          .sorted().toArray();
      double[] losses = runs.stream().mapToDouble(r -> r.last().get("train_loss")).sorted()
          .toArray();
      double[] seconds = runs.stream().mapToDouble(AblateCommand::totalSeconds).sorted()
          .toArray();
      md.append(String.format(Locale.ROOT, "| %s | %,d | %.4f | %.2f | %.2f-%.2f | %s |%n",
          variant, runs.getFirst().parameters(), median(losses), median(errors), errors[0],
          errors[errors.length - 1], minutes(median(seconds))));
    }
    AtomicFile.writeString(out.resolve("ablation.md"), md.toString());
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double totalSeconds(RunResult r) {
    return r.epochs().stream().mapToDouble(e -> e.getOrDefault("seconds", 0.0)).sum();
  }

  private static String minutes(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  /** For the chart: the per-epoch values of one column across a variant's runs. */
  static double[][] column(List<RunResult> runs, String name) {
    return runs.stream()
        .map(r -> r.epochs().stream().mapToDouble(e -> e.getOrDefault(name, Double.NaN))
            .toArray())
        .toArray(double[][]::new);
  }

  /** Element-wise median over runs of equal length. */
  static double[] medianOf(double[][] runs) {
    int epochs = Arrays.stream(runs).mapToInt(r -> r.length).min().orElse(0);
    double[] median = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      int at = e;
      median[e] = median(Arrays.stream(runs).mapToDouble(r -> r[at]).sorted().toArray());
    }
    return median;
  }
}
