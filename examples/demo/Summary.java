import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.skipline.io.Safetensors;

/**
 * What bin/demo's files hold, in a few lines: each image's most likely classes from the logits
 * of 'skipline infer', then the loss and a few gradient norms from 'skipline grad'. Run by the
 * JDK's source launcher with the Skipline jar on the class path, so it needs no build of its own.
 *
 * <p>Usage: java -cp skipline.jar Summary.java BATCH LOGITS GRADIENTS
 */
public class Summary {
  public static void main(String[] args) throws IOException {
    Safetensors batch = Safetensors.read(Path.of(args[0]));
    Safetensors inference = Safetensors.read(Path.of(args[1]));
    Safetensors gradients = Safetensors.read(Path.of(args[2]));

    int[] labels = batch.labels("labels");
    float[] logits = inference.floats("logits");
    int classes = (int) inference.shape("logits")[1];
    System.out.println("inference: the three most likely classes of each image, with their"
        + " probabilities");
    for (int i = 0; i < labels.length; i++) {
      double[] p = softmax(logits, i * classes, classes);
      StringBuilder line = new StringBuilder(String.format("  image %d (label %d):", i, labels[i]));
      boolean[] taken = new boolean[classes];
      for (int k = 0; k < Math.min(3, classes); k++) {
        int best = -1;
        for (int c = 0; c < classes; c++) {
          if (!taken[c] && (best < 0 || p[c] > p[best])) {
            best = c;
          }
        }
        taken[best] = true;
        line.append(String.format(" %d (%.3f)", best, p[best]));
      }
      System.out.println(line);
    }

    float loss = gradients.floats("loss")[0];
    System.out.printf("gradient computation: loss %.4f (a uniform guess gives ln %d = %.4f)%n",
        loss, classes, Math.log(classes));
    List<String> shown = new ArrayList<>(List.of("grad.stem.weight", "grad.blocks.0.conv1.weight"));
    String lastConv = null;
    double total = 0;
    for (String name : gradients.names()) {
      if (!name.startsWith("grad.")) {
        continue;
      }
      total += squaredNorm(gradients.floats(name));
      if (name.matches("grad\\.blocks\\.\\d+\\.conv\\d\\.weight")
          && (lastConv == null || blockOf(name) > blockOf(lastConv)
              || blockOf(name) == blockOf(lastConv) && name.compareTo(lastConv) > 0)) {
        lastConv = name;
      }
    }
    shown.add(lastConv);
    shown.add("grad.fc.weight");
    shown.add("grad.fc.bias");
    System.out.printf("  gradient norm of all parameters %.4g; of%n", Math.sqrt(total));
    for (String name : shown) {
      System.out.printf("    %-24s %.4g%n", name.substring("grad.".length()),
          Math.sqrt(squaredNorm(gradients.floats(name))));
    }
  }

  private static double[] softmax(float[] logits, int from, int classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits[from + c]);
    }
    double[] p = new double[classes];
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      p[c] = Math.exp(logits[from + c] - max);
      sum += p[c];
    }
    for (int c = 0; c < classes; c++) {
      p[c] /= sum;
    }
    return p;
  }

  private static double squaredNorm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return sum;
  }

  private static int blockOf(String name) {
    return Integer.parseInt(name.split("\\.")[2]);
  }
}
