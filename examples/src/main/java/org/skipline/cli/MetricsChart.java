package org.skipline.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skipline.io.AtomicFile;
import org.skipline.train.Trainer.EpochResult;

/** Draws loss and accuracy per epoch, training and test side by side, into one PNG. */
final class MetricsChart {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private MetricsChart() {}

  static void write(Path file, String title, List<EpochResult> epochs) throws IOException {
    XYSeries trainLoss = new XYSeries("training loss");
    XYSeries testLoss = new XYSeries("test loss");
    XYSeries trainAccuracy = new XYSeries("training accuracy");
    XYSeries testAccuracy = new XYSeries("test accuracy");
    for (EpochResult e : epochs) {
      trainLoss.add(e.epoch(), e.trainLoss());
      testLoss.add(e.epoch(), e.testLoss());
      trainAccuracy.add(e.epoch(), e.trainAccuracy());
      testAccuracy.add(e.epoch(), e.testAccuracy());
    }
    JFreeChart loss = chart(title + ": loss", "loss", trainLoss, testLoss);
    JFreeChart accuracy = chart(title + ": accuracy", "accuracy", trainAccuracy, testAccuracy);
    BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      loss.draw(g, new java.awt.Rectangle(0, 0, WIDTH, HEIGHT));
      accuracy.draw(g, new java.awt.Rectangle(WIDTH, 0, WIDTH, HEIGHT));
    } finally {
      g.dispose();
    }
    AtomicFile.write(file, out -> ChartUtils.writeBufferedImageAsPNG(out, image));
  }

  private static JFreeChart chart(String title, String axis, XYSeries train, XYSeries test) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(train);
    data.addSeries(test);
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", axis, data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
    chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    return chart;
  }
}
