package org.skipline.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Modifier;
import org.skipline.ActivationOrder;
import org.skipline.Shortcut;
import org.skipline.UnitType;
import org.skipline.plan.Activation;
import org.skipline.plan.Block;
import org.skipline.plan.Layer;
import org.skipline.plan.NormState;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Shape;
import org.skipline.plan.Spec;
import org.skipline.plan.TrainingLayout;

/**
 * Writes the network class of one {@link Plan}: one forward and one backward method per residual
 * unit, each a list of layer calls with its shapes in comments and a drawing of the unit, then
 * the offsets as named constants in a nested class. The output depends only on the plan, so the
 * same spec always gives the same bytes.
 */
final class NetworkWriter {

  /**
   * HotSpot does not JIT-compile a method with more bytecode than this ({@code
   * -XX:HugeMethodLimit}); an interpreted unit runs 40-70x slower. The writer keeps every method
   * to a few layers, and a test checks the compiled sizes against this budget.
   */
  static final int METHOD_BYTECODE_BUDGET = 8000;

  private static final ClassName NETWORK = ClassName.get("org.skipline.runtime", "Network");

  private final Plan plan;
  private final TrainingLayout trainingLayout;
  private final String packageName;
  private final String className;
  private final ClassName specClass;

  NetworkWriter(Plan plan, String packageName, String className, ClassName specClass) {
    this.plan = plan;
    this.trainingLayout = TrainingLayout.of(plan);
    this.packageName = packageName;
    this.className = className;
    this.specClass = specClass;
  }

  JavaFile javaFile() {
    ClassName self = ClassName.get(packageName, className);
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(NETWORK)
        .addJavadoc(classJavadoc())
        .addAnnotation(AnnotationSpec.builder(Generated.class)
            .addMember("value", "$S", ResNetProcessor.class.getCanonicalName())
            .addMember("comments", "$S", plan.spec().annotationText())
            .build());
    addSpecAndPlan(type);
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for batches of up to {@code capacity} images and"
            + " initialises\nthe weights with {@link #DEFAULT_SEED}.\n")
        .addParameter(int.class, "capacity")
        .addStatement("super(PLAN, capacity)")
        .build());
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(self, "original")
        .addStatement("super(original)")
        .build());
    type.addMethod(MethodSpec.methodBuilder("replica")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(NETWORK)
        .addJavadoc("A one-image replica sharing this network's weights, for evaluation passes"
            + " run image by image.\n")
        .addStatement("return new $T(this)", self)
        .build());
    addPasses(type);
    addStem(type);
    for (Block block : plan.blocks()) {
      addBlock(type, block);
    }
    addHead(type);
    type.addType(offsets());
    return JavaFile.builder(packageName, type.build())
        .addStaticImport(self.nestedClass(OFFSETS), "*")
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private CodeBlock classJavadoc() {
    Spec spec = plan.spec();
    boolean bottleneck = plan.unit() == UnitType.BOTTLENECK;
    int perUnit = bottleneck ? 9 : 6;
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("The $L network of {@link $T}: $L layers of $L units.\n\n", plan.variantName(),
        specClass, spec.depth(), plan.unit().name().toLowerCase(Locale.ROOT));
    doc.add("<p>Depth $L = $L * $L + 2: a 3x3 stem convolution, three stages of $L $L units"
            + " ($L convolutions each) and a fully connected layer.\n",
        spec.depth(), perUnit, plan.unitsPerStage(), plan.unitsPerStage(),
        plan.unit().name().toLowerCase(Locale.ROOT), bottleneck ? 3 : 2);
    doc.add("Stage outputs: $L channels at $L, $L channels at $L, $L channels at $L.\n",
        plan.stageWidths().get(0), size(stageOutput(1)), plan.stageWidths().get(1),
        size(stageOutput(2)), plan.stageWidths().get(2), size(stageOutput(3)));
    doc.add("Input $L, $L classes. $L parameters; $L multiply-adds per image.\n",
        plan.input().shape(), spec.classes(), grouped(plan.parameterCount()),
        grouped(plan.multiplyAdds()));
    doc.add("Memory: $L bytes per image in training and $L in inference, plus $L fixed.\n\n",
        grouped(plan.trainingBytesPerImage()), grouped(plan.inferenceBytesPerImage()),
        grouped(plan.trainingBytes(0)));
    doc.add("<pre>{@code\n");
    doc.add("$L net = new $L(128);  // buffers for batches of up to 128\n", className,
        className);
    doc.add("net.forward(images, 128, true);  // images [128,$L,$L,$L], training mode\n",
        spec.inputChannels(), spec.inputHeight(), spec.inputWidth());
    doc.add("double loss = net.loss(labels);\n");
    doc.add("net.zeroGradients();\n");
    doc.add("net.backward();\n");
    doc.add("net.sgdStep(0.1f, 0.9f, 1e-4f, false);\n");
    doc.add("}</pre>\n");
    return doc.build();
  }

  /**
   * {@code 1,234,567} on every build machine: the default locale would group with '.' or write
   * other digits, and the same spec must give the same bytes.
   */
  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private Shape stageOutput(int stage) {
    return plan.blocks().stream().filter(b -> b.stage() == stage).toList().getLast().out()
        .shape();
  }

  private static String size(Shape s) {
    return s.height() + "x" + s.width();
  }

  private void addSpecAndPlan(TypeSpec.Builder type) {
    Spec s = plan.spec();
    CodeBlock values = CodeBlock.of("$S, $L, $L, $T.$L, $L, $L, $L, $L, $L, $T.$L", s.name(),
        s.depth(), s.preActivation(), UnitType.class, s.unit(), s.inputChannels(),
        s.inputHeight(), s.inputWidth(), s.classes(), s.baseWidth(),
        org.skipline.DownsampleStride.class, s.bottleneckStride());
    if (s.activation() != ActivationOrder.AUTO || s.shortcut() != Shortcut.IDENTITY) {
      values = CodeBlock.of("$L, $T.$L", values, ActivationOrder.class, s.activation());
    }
    if (s.shortcut() != Shortcut.IDENTITY) {
      values = CodeBlock.of("$L, $T.$L, $L, $L, $L, $L", values, Shortcut.class, s.shortcut(),
          s.shortcutScale(), s.scaleBranch(), s.gateBias(), s.shortcutDropout());
    }
    type.addField(FieldSpec.builder(Spec.class, "SPEC", Modifier.PUBLIC, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("The spec this class was generated from.\n")
        .initializer("new $T($L)", Spec.class, values)
        .build());
    type.addField(FieldSpec.builder(Plan.class, "PLAN", Modifier.PUBLIC, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("The plan behind every offset below; the runtime sizes the buffers from"
            + " it.\n")
        .initializer("$T.plan(SPEC)", Planner.class)
        .build());
  }

  /** The nested class of offset constants, written after the passes they serve. */
  private static final String OFFSETS = "Offsets";

  /**
   * Every offset as a named constant, in a nested class that the file imports statically: the
   * passes above read as layer calls with names, and this table comes after them.
   */
  private TypeSpec offsets() {
    TypeSpec.Builder type = TypeSpec.classBuilder(OFFSETS)
        .addModifiers(Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Where each tensor lives: offsets into the network's buffers, computed from"
            + " the plan at build time.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    addConstants(type);
    return type.build();
  }

  private void addConstants(TypeSpec.Builder type) {
    for (Parameter p : plan.parameters()) {
      type.addField(constant(p.constantName(), p.offset(),
          "{@code $L} $L: offset in the parameter and gradient buffers.\n", p.name(),
          p.shape()));
    }
    for (NormState norm : plan.norms()) {
      type.addField(constant(norm.constantName(), norm.stateOffset(),
          "{@code $L}, $L channels: offset of its statistics in the running and batch"
              + " statistics buffers.\n", norm.name(), norm.channels()));
    }
    for (Activation a : plan.activations()) {
      type.addField(constant(a.constantName(), a.offset(),
          "{@code $L} $L: offset in the activation buffers, per image.\n", a.name(),
          a.shape()));
    }
  }

  private static FieldSpec constant(String name, int value, String doc, Object... args) {
    return FieldSpec.builder(int.class, name, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(doc, args)
        .initializer("$L", value)
        .build();
  }

  private void addPasses(TypeSpec.Builder type) {
    List<Block> blocks = plan.blocks();
    CodeBlock.Builder forward = CodeBlock.builder().addStatement("forwardStem()");
    blocks.forEach(b -> forward.addStatement("$N()", methodName("forward", b)));
    forward.addStatement("forwardHead()");
    CodeBlock.Builder backward = CodeBlock.builder().addStatement("backwardHead()");
    blocks.reversed().forEach(b -> backward.addStatement("$N()", methodName("backward", b)));
    backward.addStatement("backwardStem()");
    type.addMethod(MethodSpec.methodBuilder("forwardPass")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addCode(forward.build())
        .build());
    type.addMethod(MethodSpec.methodBuilder("backwardPass")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addCode(backward.build())
        .build());
  }

  private static String methodName(String direction, Block b) {
    return direction + "Stage" + b.stage() + "Unit" + b.unitInStage();
  }

  private void addStem(TypeSpec.Builder type) {
    String doc = "The stem: $L.\n";
    String what = plan.spec().order() == ActivationOrder.FULL_PREACTIVATION
        ? "a 3x3 convolution; the first unit's BN+ReLU follows"
        : "a 3x3 convolution, BN and ReLU";
    type.addMethod(method("forwardStem", forward(plan.stem()), doc, what));
    type.addMethod(method("backwardStem", backward(plan.stem()), doc, what));
  }

  private void addHead(TypeSpec.Builder type) {
    String doc = "The head: $L global average pooling and the fully connected layer.\n";
    String what = switch (plan.spec().order()) {
      case FULL_PREACTIVATION -> "the final BN+ReLU,";
      case RELU_ONLY_PREACTIVATION -> "a ReLU,";
      default -> "";
    };
    type.addMethod(method("forwardHead", forward(plan.head()), doc, what));
    type.addMethod(method("backwardHead", backward(plan.head()), doc, what));
  }

  private void addBlock(TypeSpec.Builder type, Block b) {
    String doc = "Stage $L, unit $L of $L ({@code $L}): $L $L unit$L, $L -> $L.\n\n"
        + "<pre>\n$L</pre>\n";
    Object[] args = {b.stage(), b.unitInStage(), b.unitsInStage(), b.name(), plan.variantName(),
        plan.unit().name().toLowerCase(Locale.ROOT),
        b.projection() ? ", stride " + b.stride() + ", projection shortcut"
            : ", identity shortcut",
        b.in().shape(), b.out().shape(), UnitDiagram.of(b)};
    type.addMethod(method(methodName("forward", b), forward(b.layers()), doc, args));
    type.addMethod(method(methodName("backward", b), backward(b.layers()), doc, args));
  }

  private static MethodSpec method(String name, CodeBlock body, String doc, Object... args) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(doc, args)
        .addCode(body)
        .build();
  }

  private CodeBlock forward(List<Layer> layers) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Layer layer : layers) {
      code.add("// $L\n", describe(layer));
      if (layer instanceof Layer.Norm b && trainingLayout.appliedByReaders(b.out()) != null) {
        String readers = readers(b.out());
        code.add("// in training, the batch statistics only: $L, so its output is never written\n",
            readers + (readers.contains(" and ")
                ? " normalise their input as they read it" : " normalises its input as it reads it"));
      }
      switch (layer) {
        case Layer.Conv c -> {
          if (c.shortcut().isPresent()) {
            code.addStatement("convPlus($L)", convPlusArgs(c, c.shortcut().get()));
          } else {
            code.addStatement("conv($L)", convArgs(c));
          }
        }
        case Layer.Norm b -> code.addStatement("batchNorm($L)", normArgs(b));
        case Layer.Add a -> code.addStatement("add($L)", addArgs(a));
        case Layer.Gate g -> code.addStatement("gate($L)", gateArgs(g));
        case Layer.Combine c -> code.addStatement("$L($L)", combineMethod(c),
            combineArgs(c, true));
        case Layer.Relu r -> code.addStatement("relu($L)", reluArgs(r));
        case Layer.Pool p -> code.addStatement("pool($L)", poolArgs(p));
        case Layer.FullyConnected f -> code.addStatement("fullyConnected($L)", fcArgs(f));
      }
    }
    return code.build();
  }

  private CodeBlock backward(List<Layer> layers) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Layer layer : layers.reversed()) {
      for (Layer.Norm norm : trainingLayout.recomputedBefore(layer)) {
        code.add("// $L$L $L again, from its input and batch statistics: the forward pass did not"
            + " keep it\n", shortName(norm.norm().name()), norm.relu() ? " + relu" : "",
            norm.out().shape());
        code.addStatement("batchNormRecompute($L)", normArgs(norm));
      }
      code.add("// $L\n", describe(layer));
      if (layer instanceof Layer.Conv c && trainingLayout.appliedByReaders(c.in()) != null) {
        Layer.Norm norm = trainingLayout.appliedByReaders(c.in());
        String unit = c.name().substring(0, c.name().lastIndexOf('.') + 1);
        code.add("// its input, $L$L of $L, made again a few images at a time as it reads"
            + " them\n", shortName(norm.norm().name()), norm.relu() ? " + relu" : "",
            norm.in().name().startsWith(unit) ? shortName(norm.in().name()) : "x_l");
      }
      shortcutGradientNote(layer).ifPresent(note -> code.add("// $L\n", note));
      switch (layer) {
        case Layer.Conv c -> code.addStatement(
            c.in().equals(plan.input()) ? "convBackwardWeightOnly($L)" : "convBackward($L)",
            convArgs(c));
        case Layer.Norm b -> code.addStatement("batchNormBackward($L)", normArgs(b));
        case Layer.Add a -> code.addStatement("addBackward($L)", addArgs(a));
        case Layer.Gate g -> code.addStatement("gateBackward($L)", gateArgs(g));
        case Layer.Combine c -> code.addStatement("$LBackward($L)", combineMethod(c),
            combineArgs(c, false));
        case Layer.Relu r -> code.addStatement("reluBackward($L)", reluArgs(r));
        case Layer.Pool p -> code.addStatement("poolBackward($L)", poolArgs(p));
        case Layer.FullyConnected f -> code.addStatement("fullyConnectedBackward($L)",
            fcArgs(f));
      }
    }
    return code.build();
  }

  /**
   * In the backward pass, where the shortcut's share of the gradient joins the branch's: the
   * paper's dL/dx_l = dL/dx_{l+1} (through the shortcut) + the branch's part.
   */
  private static java.util.Optional<String> shortcutGradientNote(Layer layer) {
    return switch (layer) {
      case Layer.Conv c when c.shortcut().isPresent() -> java.util.Optional.of(
          isIdentity(c.shortcut().get())
              ? "the shortcut's share: x's gradient is this output's, the same buffer, so"
                  + " dL/dx_l starts as dL/dx_{l+1}; the branch below adds its part"
              : "the shortcut's share: this output's gradient, also the projection's output"
                  + " gradient (the same buffer), flows into proj below");
      case Layer.Add a -> java.util.Optional.of((isIdentity(a.shortcut())
          ? "the shortcut's share: dL/dx_l starts as dL/d(sum), passed on unchanged"
          : "dL/d(sum) goes unchanged to the projection and to the branch")
          + (a.relu() ? " (the ReLU's mask applied first)" : "")
          + (isIdentity(a.shortcut()) ? "; the branch's layers below add their part" : ""));
      case Layer.Combine c -> java.util.Optional.of("the shortcut's share: " + switch (c.kind()) {
        case CONSTANT_SCALING -> String.format(Locale.ROOT, "%s * dL/d(out), scaled down at"
            + " every unit it passes; the branch gets %s * dL/d(out)", c.shortcutScale(),
            c.branchScale());
        case EXCLUSIVE_GATING -> "(1 - g) * dL/d(out); the branch gets g * dL/d(out), and the"
            + " gate dL/dg = dL/d(out) * (F - S)";
        case SHORTCUT_ONLY_GATING -> "(1 - g) * dL/d(out); the branch gets dL/d(out) whole,"
            + " and the gate dL/dg = -dL/d(out) * S";
        case DROPOUT -> "dL/d(out) where the mask kept the shortcut (scaled as it was), 0 where"
            + " it dropped it; the branch gets dL/d(out) whole";
        default -> "dL/d(out)";
      });
      default -> java.util.Optional.empty();
    };
  }

  private static boolean isIdentity(Activation shortcut) {
    return shortcutName(shortcut).equals("x (identity)");
  }

  /** The convolutions that read {@code a}, by short name: {@code conv1 and proj}. */
  private String readers(Activation a) {
    return String.join(" and ", plan.layers().stream()
        .filter(l -> l instanceof Layer.Conv c && c.in().equals(a))
        .map(l -> shortName(((Layer.Conv) l).name()))
        .toList());
  }

  /** The comment above each call: the layer's role and its shapes, in the root locale. */
  private String describe(Layer layer) {
    return switch (layer) {
      case Layer.Conv c -> String.format(Locale.ROOT,
          "%s: %dx%d conv, stride %d, padding %d, %s -> %s%s", shortName(c.name()), c.kernel(),
          c.kernel(), c.stride(), c.padding(), c.in().shape(), c.out().shape(),
          c.shortcut().map(s -> ", plus the shortcut " + shortcutName(s) + ": the unit's output")
              .orElse(""));
      case Layer.Norm b -> String.format(Locale.ROOT, "%s%s %s%s", shortName(b.norm().name()),
          b.relu() ? " + relu" : "", b.out().shape(), sharedNote(b));
      case Layer.Add a -> String.format(Locale.ROOT, "%s = %s + %s%s %s", "out",
          shortcutName(a.shortcut()), shortName(a.residual().name()),
          a.relu() ? ", then relu" : "", a.out().shape());
      case Layer.Gate g -> String.format(Locale.ROOT, "gate = sigmoid(%s + %s) %s",
          shortName(g.in().name()), shortName(g.bias().name()), g.out().shape());
      case Layer.Combine c -> String.format(Locale.ROOT, "out = %s %s", switch (c.kind()) {
        case CONSTANT_SCALING -> c.branchScale() == 1f
            ? String.format(Locale.ROOT, "%s * S + F", c.shortcutScale())
            : String.format(Locale.ROOT, "%s * S + %s * F", c.shortcutScale(), c.branchScale());
        case EXCLUSIVE_GATING -> "(1 - gate) * S + gate * F";
        case SHORTCUT_ONLY_GATING -> "(1 - gate) * S + F";
        case DROPOUT -> String.format(Locale.ROOT,
            "dropout(S, %s) + F (S + F in evaluation)", c.dropout());
        case IDENTITY, CONV_1X1 -> "S + F";
      } + ", S = " + shortcutName(c.shortcut()) + ", F = " + shortName(c.residual().name()),
          c.out().shape());
      case Layer.Relu r -> String.format(Locale.ROOT, "relu %s", r.out().shape());
      case Layer.Pool p -> String.format(Locale.ROOT, "global average pool: %s -> %s",
          p.in().shape(), p.out().shape());
      case Layer.FullyConnected f -> String.format(Locale.ROOT, "fc: %s -> logits %s",
          f.in().shape(), f.out().shape());
    };
  }


  private String sharedNote(Layer.Norm b) {
    boolean feedsProjection = plan.blocks().stream()
        .flatMap(block -> block.layers().stream())
        .anyMatch(l -> l instanceof Layer.Conv c && c.name().endsWith(".proj")
            && c.in().equals(b.out()));
    return feedsProjection ? ", shared by the residual branch and the projection shortcut" : "";
  }

  private static String shortcutName(Activation shortcut) {
    String name = shortcut.name();
    return name.endsWith(".proj") || name.endsWith(".proj_bn") ? shortName(name)
        : "x (identity)";
  }

  /** {@code blocks.3.conv1} reads as {@code conv1} inside the unit's own method. */
  static String shortName(String name) {
    return name.startsWith("blocks.") ? name.substring(name.indexOf('.', 7) + 1) : name;
  }

  private static CodeBlock convArgs(Layer.Conv c) {
    Shape in = c.in().shape();
    return CodeBlock.of("$N, $N, $N, $L, $L, $L, $L, $L, $L, $L", c.weight().constantName(),
        c.in().constantName(), c.out().constantName(), in.channels(), in.height(), in.width(),
        c.out().shape().channels(), c.kernel(), c.stride(), c.padding());
  }

  private static CodeBlock convPlusArgs(Layer.Conv c, Activation shortcut) {
    Shape in = c.in().shape();
    return CodeBlock.of("$N, $N, $N, $N, $L, $L, $L, $L, $L, $L, $L", c.weight().constantName(),
        c.in().constantName(), shortcut.constantName(), c.out().constantName(), in.channels(),
        in.height(), in.width(), c.out().shape().channels(), c.kernel(), c.stride(),
        c.padding());
  }

  private static CodeBlock normArgs(Layer.Norm b) {
    return CodeBlock.of("$N, $N, $N, $N, $L, $L, $L", b.norm().weight().constantName(),
        b.norm().constantName(), b.in().constantName(), b.out().constantName(),
        b.norm().channels(), pixels(b.in().shape()), b.relu() ? "RELU" : "NO_RELU");
  }

  private static CodeBlock addArgs(Layer.Add a) {
    Shape s = a.out().shape();
    return CodeBlock.of("$N, $N, $N, $L * $L, $L", a.shortcut().constantName(),
        a.residual().constantName(), a.out().constantName(), s.channels(), pixels(s),
        a.relu() ? "RELU" : "NO_RELU");
  }

  private static CodeBlock gateArgs(Layer.Gate g) {
    return CodeBlock.of("$N, $N, $N, $L, $L", g.bias().constantName(), g.in().constantName(),
        g.out().constantName(), g.out().shape().channels(), pixels(g.out().shape()));
  }

  /** The {@link org.skipline.runtime.Network} helper of a combination, without "Backward". */
  private static String combineMethod(Layer.Combine c) {
    return switch (c.kind()) {
      case CONSTANT_SCALING -> "scaledAdd";
      case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> "gatedAdd";
      case DROPOUT -> "dropoutAdd";
      case IDENTITY, CONV_1X1 -> throw new IllegalStateException(c.kind() + " units add");
    };
  }

  /** The combination helper's arguments; the dropout's backward needs no probability. */
  private static CodeBlock combineArgs(Layer.Combine c, boolean forward) {
    Shape s = c.out().shape();
    CodeBlock operands = CodeBlock.of("$N, $N", c.shortcut().constantName(),
        c.residual().constantName());
    return switch (c.kind()) {
      case CONSTANT_SCALING -> CodeBlock.of("$L, $N, $L * $L, $Lf, $Lf", operands,
          c.out().constantName(), s.channels(), pixels(s), c.shortcutScale(), c.branchScale());
      case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> CodeBlock.of("$L, $N, $N, $L * $L, $L",
          operands, c.gate().orElseThrow().constantName(), c.out().constantName(),
          s.channels(), pixels(s), c.kind() == Shortcut.EXCLUSIVE_GATING);
      case DROPOUT -> forward
          ? CodeBlock.of("$L, $N, $N, $L * $L, $Lf, $L", operands,
              c.mask().orElseThrow().constantName(), c.out().constantName(), s.channels(),
              pixels(s), c.dropout(), c.stream())
          : CodeBlock.of("$L, $N, $N, $L * $L", operands, c.mask().orElseThrow().constantName(),
              c.out().constantName(), s.channels(), pixels(s));
      case IDENTITY, CONV_1X1 -> throw new IllegalStateException(c.kind() + " units add");
    };
  }

  private static CodeBlock reluArgs(Layer.Relu r) {
    Shape s = r.out().shape();
    return CodeBlock.of("$N, $N, $L * $L", r.in().constantName(), r.out().constantName(),
        s.channels(), pixels(s));
  }

  private static CodeBlock poolArgs(Layer.Pool p) {
    return CodeBlock.of("$N, $N, $L, $L", p.in().constantName(), p.out().constantName(),
        p.in().shape().channels(), pixels(p.in().shape()));
  }

  private static CodeBlock fcArgs(Layer.FullyConnected f) {
    return CodeBlock.of("$N, $N, $N, $N, $L, $L", f.weight().constantName(),
        f.bias().constantName(), f.in().constantName(), f.out().constantName(),
        f.in().shape().size(), f.out().shape().size());
  }

  /** {@code H * W} as written in code, so the reader sees the spatial size. */
  private static String pixels(Shape s) {
    return s.height() + " * " + s.width();
  }
}
