package org.skipline.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;
import org.skipline.ActivationOrder;
import org.skipline.DownsampleStride;
import org.skipline.ResNet;
import org.skipline.Shortcut;
import org.skipline.UnitType;
import org.skipline.plan.Spec;
import org.skipline.plan.SpecProblem;
import org.skipline.plan.SpecProblem.Tag;

/**
 * Reads one annotated element into a {@link Spec}, checks that the element can carry a generated
 * network, and reports problems on the annotation value they concern. Messages are formatted in
 * the root locale so that they read the same on every build machine.
 */
final class SpecReader {

  /** Appended to the spec's name to name the generated class. */
  static final String GENERATED_SUFFIX = "Network";

  private final ProcessingEnvironment env;
  private final Element element;
  private final AnnotationMirror mirror;
  private final List<SpecProblem> problems = new ArrayList<>();
  private Spec spec;
  private String packageName = "";
  private String generatedName = "";

  SpecReader(ProcessingEnvironment env, Element element) {
    this.env = env;
    this.element = element;
    this.mirror = element.getAnnotationMirrors().stream()
        .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
            .contentEquals(ResNet.class.getCanonicalName()))
        .findFirst()
        .orElseThrow();
    checkElement();
    // Read the values even for a misplaced spec, so that their errors are reported with the
    // placement error instead of after the user has fixed it.
    spec = readSpec();
  }

  /**
   * Problems with the element itself; the spec's values are validated separately, and the
   * generated name is checked against other classes by the processor, which sees every spec.
   */
  List<SpecProblem> problems() {
    return problems;
  }

  /** Whether the element is a class the generated code can refer to, so it has a generated name. */
  boolean placed() {
    return !generatedName.isEmpty();
  }

  Spec spec() {
    return spec;
  }

  String packageName() {
    return packageName;
  }

  String generatedName() {
    return generatedName;
  }

  /** The generated class's qualified name; only for a {@link #placed()} spec. */
  String qualifiedGeneratedName() {
    return packageName.isEmpty() ? generatedName : packageName + "." + generatedName;
  }

  /** The spec's name in messages: its qualified name, or the simple one for a local class. */
  String specDisplayName() {
    TypeElement type = (TypeElement) element;
    return type.getQualifiedName().isEmpty() ? type.getSimpleName().toString()
        : type.getQualifiedName().toString();
  }

  TypeElement element() {
    return (TypeElement) element;
  }

  ClassName specClassName() {
    return ClassName.get((TypeElement) element);
  }

  String specBinaryName() {
    return env.getElementUtils().getBinaryName((TypeElement) element).toString();
  }

  /** Reports a problem on the annotation value it names, or on the annotation. */
  void report(SpecProblem problem) {
    AnnotationValue value = problem.attribute() == null ? null : explicitValue(problem.attribute());
    if (value != null) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, problem.message(), element, mirror,
          value);
    } else {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, problem.message(), element, mirror);
    }
  }

  private void checkElement() {
    if (element.getKind() != ElementKind.CLASS) {
      problems.add(new SpecProblem(null, Tag.ResNetElement, String.format(Locale.ROOT,
          "@ResNet is on %s %s, but it must be on a class; move it to a class such as"
              + " 'public class %s {}'",
          element.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
          element.getSimpleName(), element.getSimpleName())));
      return;
    }
    TypeElement type = (TypeElement) element;
    // Local first: a class in a method has no qualified name for the messages below.
    for (Element e = type; e.getKind().isClass() || e.getKind().isInterface();
        e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        problems.add(new SpecProblem(null, Tag.ResNetElement, String.format(Locale.ROOT,
            "@ResNet is on %s, which generated code cannot name; declare it as a top-level or"
                + " static nested class", t == type ? "the local class " + type.getSimpleName()
                : "the class " + type.getSimpleName() + " inside a local or anonymous class")));
        return;
      }
    }
    for (Element e = type; e.getKind().isClass() || e.getKind().isInterface();
        e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        problems.add(new SpecProblem(null, Tag.ResNetElement, String.format(Locale.ROOT,
            "@ResNet is on %s, which is private or inside a private class, so the generated"
                + " class cannot refer to it; make %s at least package-private",
            type.getQualifiedName(), t.getSimpleName())));
        return;
      }
      if (t.getNestingKind() == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC)
          && t.getEnclosingElement().getKind().isClass()) {
        problems.add(new SpecProblem(null, Tag.ResNetElement, String.format(Locale.ROOT,
            "@ResNet is on the inner class %s, which needs an enclosing instance; declare it"
                + " static", type.getQualifiedName())));
        return;
      }
    }
    PackageElement pkg = env.getElementUtils().getPackageOf(type);
    packageName = pkg.getQualifiedName().toString();
    generatedName = flatName() + GENERATED_SUFFIX;
  }

  private Spec readSpec() {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        env.getElementUtils().getElementValuesWithDefaults(mirror);
    java.util.function.Function<String, Object> get = name -> values.entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("@ResNet has no attribute " + name))
        .getValue()
        .getValue();
    return new Spec(
        flatName(),
        (Integer) get.apply("depth"),
        (Boolean) get.apply("preActivation"),
        UnitType.valueOf(enumName(get.apply("unit"))),
        (Integer) get.apply("inputChannels"),
        (Integer) get.apply("inputHeight"),
        (Integer) get.apply("inputWidth"),
        (Integer) get.apply("classes"),
        (Integer) get.apply("baseWidth"),
        DownsampleStride.valueOf(enumName(get.apply("bottleneckStride"))),
        ActivationOrder.valueOf(enumName(get.apply("activation"))),
        Shortcut.valueOf(enumName(get.apply("shortcut"))),
        (Double) get.apply("shortcutScale"),
        (Boolean) get.apply("scaleBranch"),
        (Double) get.apply("gateBias"),
        (Double) get.apply("shortcutDropout"));
  }

  /**
   * Problems between the values that only the annotation as written shows: {@code
   * preActivation} given explicitly with an activation order that contradicts it, and a shortcut
   * value given for a shortcut variant that does not use it.
   */
  List<SpecProblem> contradictions() {
    if (spec == null) {
      return List.of();
    }
    List<SpecProblem> found = new ArrayList<>(unusedShortcutValues());
    if (explicitValue("preActivation") == null || spec.activation() == ActivationOrder.AUTO) {
      return found;
    }
    boolean full = spec.activation() == ActivationOrder.FULL_PREACTIVATION;
    if (spec.preActivation() == full) {
      return found;
    }
    found.add(new SpecProblem("activation", Tag.ResNetVariant, String.format(Locale.ROOT,
        "activation = %s contradicts preActivation = %s, which means %s units; give only"
            + " activation, or preActivation = %s", spec.activation(), spec.preActivation(),
        spec.preActivation() ? "full pre-activation" : "original (post-activation)",
        full)));
    return found;
  }

  /** The shortcut values given explicitly that the chosen shortcut variant does not read. */
  private List<SpecProblem> unusedShortcutValues() {
    Shortcut variant = spec.shortcut();
    Map<String, Boolean> used = new java.util.LinkedHashMap<>();
    used.put("shortcutScale", variant == Shortcut.CONSTANT_SCALING);
    used.put("scaleBranch", variant == Shortcut.CONSTANT_SCALING);
    used.put("gateBias", variant.gated());
    used.put("shortcutDropout", variant == Shortcut.DROPOUT);
    List<SpecProblem> found = new ArrayList<>();
    used.forEach((attribute, reads) -> {
      if (!reads && explicitValue(attribute) != null) {
        found.add(new SpecProblem(attribute, Tag.ResNetVariant, String.format(Locale.ROOT,
            "%s is given, but shortcut = %s does not use it; %s", attribute, variant,
            usedBy(attribute))));
      }
    });
    return found;
  }

  /** Which shortcut variants read {@code attribute}, for the message that it is unused. */
  private static String usedBy(String attribute) {
    return switch (attribute) {
      case "shortcutScale", "scaleBranch" -> "only CONSTANT_SCALING reads it";
      case "gateBias" -> "only EXCLUSIVE_GATING and SHORTCUT_ONLY_GATING read it";
      default -> "only DROPOUT reads it";
    };
  }

  /**
   * The simple names from the outermost class down, joined by '_': {@code Zoo_Small}. Stops at a
   * method or initializer, where {@link ClassName#get(TypeElement)} would throw for a local class.
   */
  private String flatName() {
    List<String> names = new ArrayList<>();
    for (Element e = element; e.getKind().isClass() || e.getKind().isInterface();
        e = e.getEnclosingElement()) {
      if (!e.getSimpleName().isEmpty()) {
        names.addFirst(e.getSimpleName().toString());
      }
    }
    return String.join("_", names);
  }

  private static String enumName(Object value) {
    return ((VariableElement) value).getSimpleName().toString();
  }

  private AnnotationValue explicitValue(String attribute) {
    return mirror.getElementValues().entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals(attribute))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
