package org.skipline.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.skipline.data.Normalization;
import org.skipline.io.Texts;
import org.skipline.plan.Shape;

/** Image files (PNG, JPEG, GIF, BMP) as a normalised batch, decoded with the JDK's ImageIO. */
final class ImageFiles {

  private ImageFiles() {}

  /**
   * Reads each file, scales it to the input's height and width, takes its grey level (one
   * channel) or its red, green and blue (three channels) in pixel units 0 to 255, and normalises
   * each channel with {@code norm}, as training normalised its images.
   *
   * @return {@code [N,C,H,W]} values for the N files
   */
  static float[] read(List<Path> files, Shape shape, Normalization norm) throws IOException {
    int channels = shape.channels();
    int height = shape.height();
    int width = shape.width();
    if (channels != 1 && channels != 3) {
      throw new CliException(String.format(
          "the model takes %d-channel images; image files give 1 (grey) or 3 (colour)",
          channels));
    }
    if (norm.mean().length != channels) {
      throw new CliException(String.format(
          "the normalisation has %d channels, but the model takes %d", norm.mean().length,
          channels));
    }
    float[] batch = new float[files.size() * shape.size()];
    for (int i = 0; i < files.size(); i++) {
      BufferedImage scaled = scaled(decode(files.get(i)), width, height);
      int base = i * shape.size();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int rgb = scaled.getRGB(x, y);
          int r = rgb >> 16 & 0xff;
          int g = rgb >> 8 & 0xff;
          int b = rgb & 0xff;
          int pixel = y * width + x;
          if (channels == 1) {
            // ITU-R BT.601 luma, the weights of ImageIO's own grey conversion.
            batch[base + pixel] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
          } else {
            batch[base + pixel] = r;
            batch[base + height * width + pixel] = g;
            batch[base + 2 * height * width + pixel] = b;
          }
        }
      }
    }
    norm.apply(batch, 0, files.size(), channels, height * width);
    return batch;
  }

  private static BufferedImage decode(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CliException(file + (Files.exists(file) ? " is not a regular file"
          : " does not exist") + "; --image takes image files");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new CliException(String.format("%s could not be decoded as an image: %s", file,
          Texts.abbreviate(e.getMessage())));
    }
    if (image == null) {
      throw new CliException(file + " is not an image the JDK can read (PNG, JPEG, GIF, BMP)");
    }
    return image;
  }

  /**
   * The image at the given size, over black where it is transparent. Area averaging, not
   * interpolation: a photograph shrunk to 28 x 28 pixels keeps its shapes instead of aliasing.
   */
  private static BufferedImage scaled(BufferedImage image, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Image resized = image.getWidth() == width && image.getHeight() == height ? image
        : image.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(resized, 0, 0, Color.BLACK, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
