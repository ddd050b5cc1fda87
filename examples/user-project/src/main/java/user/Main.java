package user;

import java.util.Arrays;
import java.util.Random;

/** One training step and one forward pass of the generated network on random data. */
public class Main {
  public static void main(String[] args) {
    int batch = 8;
    TinyNetwork net = new TinyNetwork(batch);  // buffers for batches of up to 8 images

    Random random = new Random(1);
    float[] images = new float[batch * 3 * 32 * 32];  // [8,3,32,32]
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(10);
    }

    net.forward(images, batch, true);  // training mode: batch statistics
    double loss = net.loss(labels);
    net.zeroGradients();
    net.backward();
    net.sgdStep(0.1f, 0.9f, 1e-4f, false);  // lr, momentum, weight decay, Nesterov
    System.out.printf("training step: loss %.4f%n", loss);

    net.forward(images, batch, false);  // evaluation mode: running statistics
    float[] logits = net.logits();  // [8,10]
    int[] predicted = new int[batch];
    for (int i = 0; i < batch; i++) {
      for (int c = 1; c < 10; c++) {
        if (logits[i * 10 + c] > logits[i * 10 + predicted[i]]) {
          predicted[i] = c;
        }
      }
    }
    System.out.println("predicted classes: " + Arrays.toString(predicted));
  }
}
