package org.skipline.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skipline.cli.AblateCommand.RunResult;
import org.skipline.io.AtomicFile;

/**
 * A study's runs in the style of the paper's Fig. 6: training loss and test error against
 * epochs, one colour per variant, every seed drawn thin and the median over seeds bold; test
 * error on a log axis, as the paper plots it. The training loss is drawn step by step, smoothed
 * as a run's own chart smooths it, so that a study of one epoch shows its curves.
 */
final class AblationChart {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 440;

  /**
   * Distinct on white and for the common colour blindnesses (Okabe and Ito's palette); the
   * signal chart uses it too.
   */
  static final Color[] COLOURS = {
      new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
      new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
      new Color(0x00, 0x00, 0x00), new Color(0xF0, 0xE4, 0x42)};

  private AblationChart() {}

  static void write(Path file, String title, List<RunResult> results) throws IOException {
    List<String> variants = results.stream().map(RunResult::variant).distinct().toList();
    NumberAxis lossAxis = new NumberAxis("training loss");
    lossAxis.setAutoRangeIncludesZero(false);
    JFreeChart loss = results.stream().allMatch(r -> !r.steps().isEmpty())
        ? stepChart(title + ": training loss, smoothed", variants, results, lossAxis)
        : chart(title + ": training loss", variants, results, "train_loss", 1, lossAxis);
    LogAxis errorAxis = new LogAxis("test error (%)");
    errorAxis.setSmallestValue(0.01);
    // Ticks as plain percentages (7.5, 10, 20), not as powers of ten.
    errorAxis.setNumberFormatOverride(
        new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    JFreeChart error = chart(title + ": test error", variants, results, "test_accuracy", -100,
        errorAxis);
    BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      loss.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
      error.draw(g, new Rectangle(WIDTH, 0, WIDTH, HEIGHT));
    } finally {
      g.dispose();
    }
    AtomicFile.write(file, out -> ChartUtils.writeBufferedImageAsPNG(out, image));
  }

  /**
   * One panel. {@code scale} maps the column to what is drawn: 1 keeps it, -100 turns an
   * accuracy into an error in percent.
   */
  private static JFreeChart chart(String title, List<String> variants, List<RunResult> results,
      String column, double scale, ValueAxis range) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int v = 0; v < variants.size(); v++) {
      String variant = variants.get(v);
      List<RunResult> runs = results.stream().filter(r -> r.variant().equals(variant)).toList();
      double[][] values = AblateCommand.column(runs, column);
      Color colour = COLOURS[v % COLOURS.length];
      double[] median = AblateCommand.medianOf(values);
      add(data, renderer, variant, median, scale, colour, new BasicStroke(3f), true);
      for (int s = 0; s < values.length && values.length > 1; s++) {
        add(data, renderer, variant + " seed " + runs.get(s).seed(), values[s], scale,
            colour, new BasicStroke(0.8f), false);
      }
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setTickUnit(new NumberTickUnit(1));
    epochs.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, epochs, range, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * The training loss of every step against the epoch, each run's smoothed (forward and back,
   * over about a twentieth of an epoch) and drawn thin, and the median over a variant's seeds of
   * the smoothed values bold.
   */
  private static JFreeChart stepChart(String title, List<String> variants,
      List<RunResult> results, ValueAxis range) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int v = 0; v < variants.size(); v++) {
      String variant = variants.get(v);
      List<RunResult> runs = results.stream().filter(r -> r.variant().equals(variant)).toList();
      Color colour = COLOURS[v % COLOURS.length];
      double[][] smoothed = new double[runs.size()][];
      for (int s = 0; s < runs.size(); s++) {
        List<Map<String, Double>> steps = runs.get(s).steps();
        smoothed[s] = steps.stream().mapToDouble(m -> m.getOrDefault("train_loss", Double.NaN))
            .toArray();
        int perEpoch = (int) Math.round(steps.size() / Math.max(1e-9,
            steps.getLast().getOrDefault("epoch", 1.0)));
        double beta = MetricsChart.smoothing(perEpoch);
        MetricsChart.smooth(smoothed[s], beta, false);
        MetricsChart.smooth(smoothed[s], beta, true);
      }
      double[] median = AblateCommand.medianOf(smoothed);
      double[] epochs = runs.getFirst().steps().stream()
          .mapToDouble(m -> m.getOrDefault("epoch", Double.NaN)).toArray();
      addAt(data, renderer, variant, epochs, median, colour, new BasicStroke(3f), true);
      for (int s = 0; s < runs.size() && runs.size() > 1; s++) {
        double[] at = runs.get(s).steps().stream()
            .mapToDouble(m -> m.getOrDefault("epoch", Double.NaN)).toArray();
        addAt(data, renderer, variant + " seed " + runs.get(s).seed(), at, smoothed[s], colour,
            new BasicStroke(0.8f), false);
      }
    }
    XYPlot plot = new XYPlot(data, new NumberAxis("epoch"), range, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void addAt(XYSeriesCollection data, XYLineAndShapeRenderer renderer,
      String name, double[] x, double[] y, Color colour, BasicStroke stroke, boolean inLegend) {
    XYSeries series = new XYSeries(name);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        series.add(x[i], y[i]);
      }
    }
    int index = data.getSeriesCount();
    data.addSeries(series);
    renderer.setSeriesPaint(index, colour);
    renderer.setSeriesStroke(index, stroke);
    renderer.setSeriesVisibleInLegend(index, inLegend);
  }

  private static void add(XYSeriesCollection data, XYLineAndShapeRenderer renderer, String name,
      double[] values, double scale, Color colour, BasicStroke stroke, boolean inLegend) {
    XYSeries series = new XYSeries(name);
    for (int e = 0; e < values.length; e++) {
      double y = scale < 0 ? -scale * (1 - values[e]) : scale * values[e];
      if (Double.isFinite(y) && y > 0) {
        series.add(e + 1, y);
      }
    }
    int index = data.getSeriesCount();
    data.addSeries(series);
    renderer.setSeriesPaint(index, colour);
    renderer.setSeriesStroke(index, stroke);
    renderer.setSeriesVisibleInLegend(index, inLegend);
    // The medians get a mark per epoch, so a study of one or two epochs still shows its points.
    renderer.setSeriesShapesVisible(index, inLegend);
  }
}
