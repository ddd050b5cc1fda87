package org.skipline.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skipline.io.AtomicFile;
import org.skipline.train.Trainer.EpochResult;
import org.skipline.train.Trainer.History;

/**
 * Draws a run's curves into one PNG, three panels over a common axis of epochs (whole numbers,
 * a step at its fraction of an epoch): the training loss of every step, faint, with its
 * exponentially smoothed curve and the test loss after each epoch; the test and training error
 * per epoch; both on logarithmic axes, as the paper's figures show error; and the learning rate
 * of every step.
 */
final class MetricsChart {

  private static final int WIDTH = 960;
  private static final int HEIGHT = 1000;

  private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
  private static final Color TEST = new Color(0xd6, 0x27, 0x28);
  private static final Color FAINT = new Color(0x1f, 0x77, 0xb4, 0x40);

  private MetricsChart() {}

  static void write(Path file, String title, List<EpochResult> epochs, History history)
      throws IOException {
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    int lastEpoch = epochs.stream().mapToInt(EpochResult::epoch).max().orElse(1);
    epochAxis.setRange(0, Math.max(1, lastEpoch));
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.setGap(12);
    plot.add(lossPanel(epochs, history), 4);
    plot.add(errorPanel(epochs), 4);
    plot.add(ratePanel(history), 2);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot,
        true);
    chart.setBackgroundPaint(Color.WHITE);
    AtomicFile.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
  }

  /** Per-step training loss, raw and smoothed, and the test loss after each epoch. */
  private static XYPlot lossPanel(List<EpochResult> epochs, History history) {
    XYSeries raw = new XYSeries("training loss, each step");
    XYSeries smooth = new XYSeries("training loss, smoothed");
    double beta = smoothing(history.stepsPerEpoch());
    int count = history.loss().length;
    double[] smoothed = new double[count];
    for (int i = 0; i < count; i++) {
      smoothed[i] = history.loss()[i];
    }
    // Forward, then backward: the two passes' lags cancel, so the curve does not trail the data.
    smooth(smoothed, beta, false);
    smooth(smoothed, beta, true);
    for (int i = 0; i < count; i++) {
      double x = (history.firstStep() + i + 1) / (double) history.stepsPerEpoch();
      raw.add(x, history.loss()[i]);
      smooth.add(x, smoothed[i]);
    }
    XYSeries test = new XYSeries("test loss");
    epochs.forEach(e -> test.add(e.epoch(), e.testLoss()));
    XYPlot panel = panel(logAxis("loss, log scale"), raw, smooth, test);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) panel.getRenderer();
    style(renderer, 0, FAINT, 1f, false);
    style(renderer, 1, TRAIN, 2f, false);
    style(renderer, 2, TEST, 2f, true);
    return panel;
  }

  /**
   * The smoothing factor of the training loss: each pass weighs in about a twentieth of an
   * epoch's steps, so that the curve shows trends within an epoch without the noise of single
   * batches.
   */
  static double smoothing(int stepsPerEpoch) {
    return 1 - 1.0 / Math.max(1, stepsPerEpoch / 20.0);
  }

  /**
   * Replaces {@code values} by their exponential moving average, taken from the last value back
   * when {@code backward}; debiased like an optimiser's moment, so the first points of the pass
   * are not pulled towards zero.
   */
  static void smooth(double[] values, double beta, boolean backward) {
    double average = 0;
    double weight = 0;
    for (int k = 0; k < values.length; k++) {
      int i = backward ? values.length - 1 - k : k;
      average = beta * average + (1 - beta) * values[i];
      weight = beta * weight + (1 - beta);
      values[i] = average / weight;
    }
  }

  /** Test and training error (%) per epoch on a logarithmic axis. */
  private static XYPlot errorPanel(List<EpochResult> epochs) {
    XYSeries test = new XYSeries("test error");
    XYSeries train = new XYSeries("training error (running, during the epoch)");
    for (EpochResult e : epochs) {
      // A log axis has no zero: a perfect epoch is drawn at a hundredth of a percent.
      test.add(e.epoch(), Math.max(1e-2, 100 * (1 - e.testAccuracy())));
      train.add(e.epoch(), Math.max(1e-2, 100 * (1 - e.trainAccuracy())));
    }
    XYPlot panel = panel(logAxis("error (%), log scale"), test, train);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) panel.getRenderer();
    style(renderer, 0, TEST, 2f, true);
    style(renderer, 1, TRAIN, 1.5f, true);
    return panel;
  }

  /** The learning rate of every step. */
  private static XYPlot ratePanel(History history) {
    XYSeries rate = new XYSeries("learning rate");
    for (int i = 0; i < history.learningRate().length; i++) {
      rate.add((history.firstStep() + i) / (double) history.stepsPerEpoch(),
          history.learningRate()[i]);
    }
    NumberAxis axis = new NumberAxis("learning rate");
    axis.setAutoRangeIncludesZero(true);
    XYPlot panel = panel(axis, rate);
    style((XYLineAndShapeRenderer) panel.getRenderer(), 0, Color.DARK_GRAY, 1.5f, false);
    return panel;
  }

  /**
   * A base-10 logarithmic axis with a labelled grid line at every 1, 2 and 5 times a power of
   * ten, and at every digit when the range spans less than about a decade, so that a test error
   * between 5% and 15% reads 5, 6, 7, 8, 9, 10, 15 rather than only 10.
   */
  private static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label) {
      private static final long serialVersionUID = 1L;

      @Override
      public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea,
          RectangleEdge edge) {
        return decadeTicks(getLowerBound(), getUpperBound());
      }
    };
    axis.setSmallestValue(1e-3);
    axis.setNumberFormatOverride(new DecimalFormat("0.###"));
    return axis;
  }

  /** The ticks of {@link #logAxis} between two positive bounds, for an axis on the left. */
  private static List<ValueTick> decadeTicks(double lower, double upper) {
    List<Double> values = new ArrayList<>();
    for (int exponent = (int) Math.floor(Math.log10(lower)) - 1;
        exponent <= (int) Math.ceil(Math.log10(upper)); exponent++) {
      for (int digit = 1; digit <= 9; digit++) {
        double value = digit * Math.pow(10, exponent);
        if (value >= lower && value <= upper) {
          values.add(value);
        }
      }
    }
    boolean everyDigit = upper / lower < 12;
    DecimalFormat format = new DecimalFormat("0.###");
    List<ValueTick> ticks = new ArrayList<>();
    for (double value : values) {
      long digit = Math.round(value / Math.pow(10, Math.floor(Math.log10(value) + 1e-9)));
      boolean labelled = everyDigit || digit == 1 || digit == 2 || digit == 5;
      ticks.add(new NumberTick(TickType.MAJOR, value, labelled ? format.format(value) : "",
          TextAnchor.CENTER_RIGHT, TextAnchor.CENTER_RIGHT, 0));
    }
    return ticks;
  }

  private static XYPlot panel(ValueAxis axis, XYSeries... series) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : series) {
      data.addSeries(s);
    }
    XYPlot panel = new XYPlot(data, null, axis, new XYLineAndShapeRenderer(true, false));
    panel.setBackgroundPaint(Color.WHITE);
    panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
    panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return panel;
  }

  private static void style(XYLineAndShapeRenderer renderer, int series, Color color,
      float width, boolean points) {
    renderer.setSeriesPaint(series, color);
    renderer.setSeriesStroke(series, new BasicStroke(width));
    renderer.setSeriesShapesVisible(series, points);
    renderer.setSeriesShape(series, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
  }
}
