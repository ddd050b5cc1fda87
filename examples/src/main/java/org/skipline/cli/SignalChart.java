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
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skipline.cli.SignalCommand.UnitSignal;
import org.skipline.io.AtomicFile;

/**
 * The signal through the units on a log scale: the norm of each unit's input on the left; in the
 * middle the norm of the loss's gradient with respect to it (solid), its shortcut share (dashed)
 * and its branch share (dotted); on the right the part of it the shortcuts alone carry down from
 * each stage's last unit (Eq. 5's first term). One colour per variant.
 */
final class SignalChart {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 440;

  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
  private static final BasicStroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_ROUND,
      BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 4f}, 0f);

  private SignalChart() {}

  static void write(Path file, String title, List<UnitSignal> rows) throws IOException {
    List<String> variants = rows.stream().map(UnitSignal::variant).distinct().toList();
    XYSeriesCollection inputs = new XYSeriesCollection();
    XYLineAndShapeRenderer inputLines = new XYLineAndShapeRenderer(true, false);
    XYSeriesCollection gradients = new XYSeriesCollection();
    XYLineAndShapeRenderer gradientLines = new XYLineAndShapeRenderer(true, false);
    XYSeriesCollection paths = new XYSeriesCollection();
    XYLineAndShapeRenderer pathLines = new XYLineAndShapeRenderer(true, false);
    for (int v = 0; v < variants.size(); v++) {
      String variant = variants.get(v);
      List<UnitSignal> units = rows.stream().filter(r -> r.variant().equals(variant)).toList();
      Color colour = AblationChart.COLOURS[v % AblationChart.COLOURS.length];
      add(inputs, inputLines, variant + " |x|", units, UnitSignal::input, colour, SOLID);
      add(gradients, gradientLines, variant + " |dL/dx|", units, UnitSignal::gradient, colour,
          SOLID);
      add(gradients, gradientLines, variant + " shortcut share", units,
          UnitSignal::shortcutShare, colour, DASHED);
      add(gradients, gradientLines, variant + " branch share", units, UnitSignal::branchShare,
          colour, DOTTED);
      add(paths, pathLines, variant + " shortcuts alone", units, UnitSignal::shortcutPath,
          colour, SOLID);
    }
    BufferedImage image = new BufferedImage(3 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      chart(title + ": forward signal", "norm of x_l", inputs, inputLines)
          .draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
      chart(title + ": backward signal", "norm of dL/dx_l", gradients, gradientLines)
          .draw(g, new Rectangle(WIDTH, 0, WIDTH, HEIGHT));
      chart(title + ": shortcuts alone", "norm of Eq. 5's first term", paths, pathLines)
          .draw(g, new Rectangle(2 * WIDTH, 0, WIDTH, HEIGHT));
    } finally {
      g.dispose();
    }
    AtomicFile.write(file, out -> ChartUtils.writeBufferedImageAsPNG(out, image));
  }

  private static JFreeChart chart(String title, String axis, XYSeriesCollection data,
      XYLineAndShapeRenderer renderer) {
    LogAxis range = new LogAxis(axis);
    range.setSmallestValue(1e-30);
    range.setNumberFormatOverride(
        new DecimalFormat("0.##E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    XYPlot plot = new XYPlot(data, new NumberAxis("unit l"), range, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void add(XYSeriesCollection data, XYLineAndShapeRenderer renderer, String name,
      List<UnitSignal> units, ToDoubleFunction<UnitSignal> value, Color colour,
      BasicStroke stroke) {
    XYSeries series = new XYSeries(name);
    for (UnitSignal u : units) {
      double y = value.applyAsDouble(u);
      // A gap where there is no value (a projection unit) or none a log axis can show.
      series.add(u.unit(), Double.isFinite(y) && y > 0 ? (Double) y : null);
    }
    int index = data.getSeriesCount();
    data.addSeries(series);
    renderer.setSeriesPaint(index, colour);
    renderer.setSeriesStroke(index, stroke);
  }
}
