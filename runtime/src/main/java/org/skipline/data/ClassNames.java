package org.skipline.data;

import java.util.List;
import java.util.Optional;

/** What the classes of the known data sets are called, in label order. */
public final class ClassNames {

  /** Fashion-MNIST's ten classes, as its authors name them. */
  public static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** CIFAR-10's classes, as in its {@code batches.meta.txt}. */
  public static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat",
      "deer", "dog", "frog", "horse", "ship", "truck");

  /** CIFAR-100's fine classes, as in its {@code fine_label_names.txt}. */
  public static final List<String> CIFAR100 = List.of("apple", "aquarium_fish", "baby", "bear",
      "beaver", "bed", "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus",
      "butterfly", "camel", "can", "castle", "caterpillar", "cattle", "chair", "chimpanzee",
      "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur", "dolphin",
      "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
      "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree",
      "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter",
      "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine",
      "possum", "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark",
      "shrew", "skunk", "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar",
      "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
      "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman",
      "worm");

  private ClassNames() {}

  /**
   * The class names of the data source a split or SOURCE string names ({@code
   * fashion-mnist/train}, {@code cifar10:DIR}), if it is a known one with {@code classes}
   * classes.
   */
  public static Optional<List<String>> of(String source, int classes) {
    String kind = source == null ? "" : source.split("[/:,]", 2)[0].strip();
    List<String> names = switch (kind) {
      case "fashion-mnist" -> FASHION_MNIST;
      case "cifar10" -> CIFAR10;
      case "cifar100" -> CIFAR100;
      default -> null;
    };
    return names != null && names.size() == classes ? Optional.of(names) : Optional.empty();
  }
}
