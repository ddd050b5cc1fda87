package user;

import org.skipline.ResNet;

/** A pre-activation ResNet-20 for 3x32x32 images in 10 classes; javac writes TinyNetwork. */
@ResNet(depth = 20)
public class Tiny {}
