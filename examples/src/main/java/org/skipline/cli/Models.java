package org.skipline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.skipline.ResNet;
import org.skipline.data.Splits;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.plan.SpecProblem;
import org.skipline.plan.SpecValidator;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;
import org.skipline.runtime.Parallel;

/** Finds spec classes on the class path and builds their networks. */
final class Models {

  /** How a network's passes run. */
  enum Engine {
    /** The class the processor generated for the spec. */
    GENERATED,
    /** The plan interpreter, for any spec. */
    INTERPRETED
  }

  /** A spec class with its plan. */
  record Model(Class<?> specClass, Plan plan) {

    String name() {
      return specClass.getSimpleName();
    }

    /** The generated class's binary name: {@code a.b.Outer_InnerNetwork}. */
    String generatedClassName() {
      String pkg = specClass.getPackageName();
      String flat = specClass.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1)
          .replace('$', '_');
      return (pkg.isEmpty() ? "" : pkg + ".") + flat + "Network";
    }

    /** Checks that a data source's images and classes fit this model, or says why not. */
    void checkData(String source, Splits splits) {
      var data = splits.train();
      var shape = plan.input().shape();
      if (data.channels() != shape.channels() || data.height() != shape.height()
          || data.width() != shape.width() || data.classes() > plan.spec().classes()) {
        throw new CliException(String.format(
            "%s has %dx%dx%d images in %d classes, but %s takes %s inputs and %d classes; pick"
                + " a model made for this data", source, data.channels(), data.height(),
            data.width(), data.classes(), name(), shape, plan.spec().classes()));
      }
    }

    /** A network for batches of up to {@code capacity} images. */
    Network network(int capacity, Engine engine, boolean training) {
      return network(capacity, engine, training, null);
    }

    /**
     * A network for batches of up to {@code capacity} images; an interpreted one tells {@code
     * watcher} (or null) of every call of its training passes ({@link Interpreter.Watcher}).
     */
    Network network(int capacity, Engine engine, boolean training,
        Interpreter.Watcher watcher) {
      long bytes = training
          ? plan.trainingBytes(capacity)
          : plan.evaluationBytes(capacity, Parallel.THREADS);
      if (bytes > Runtime.getRuntime().maxMemory()) {
        throw new CliException(String.format(
            "%s at batch %d needs about %,d MB but the JVM may use only %,d MB; use a smaller"
                + " batch or raise the heap with SKIPLINE_JAVA_OPTS=-Xmx...",
            name(), capacity, bytes >> 20, Runtime.getRuntime().maxMemory() >> 20));
      }
      if (engine == Engine.INTERPRETED) {
        return new Interpreter(plan, capacity, watcher);
      }
      try {
        Class<?> generated = Class.forName(generatedClassName(), true,
            specClass.getClassLoader());
        return (Network) generated.getConstructor(int.class).newInstance(capacity);
      } catch (ClassNotFoundException e) {
        throw new CliException(String.format(
            "%s has no generated class %s on the class path (compile it with the Skipline"
                + " processor), or run it with --engine interpreted",
            specClass.getName(), generatedClassName()));
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + generatedClassName(), e);
      }
    }
  }

  private Models() {}

  /**
   * The spec classes registered on the class path, by binary name: the files of every {@link
   * Network#SPEC_RESOURCES} folder, in class folders and in jars (which hold the folder's own
   * entry when Maven, Gradle or {@code jar} wrote them). A class loader offers no way to list a
   * folder, so this lists it through its URL; a spec in a class path entry of another kind is
   * still found by its fully qualified name.
   */
  static List<String> listed() {
    TreeSet<String> names = new TreeSet<>();
    try {
      ClassLoader loader = Models.class.getClassLoader();
      for (URL url : Collections.list(loader.getResources(Network.SPEC_RESOURCES))) {
        switch (url.getProtocol()) {
          case "file" -> {
            try (var files = Files.list(Path.of(url.toURI()))) {
              files.filter(Files::isRegularFile)
                  .forEach(f -> names.add(f.getFileName().toString()));
            }
          }
          case "jar" -> {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            String prefix = connection.getEntryName().replaceAll("/+$", "") + "/";
            try (JarFile jar = connection.getJarFile()) {
              jar.stream().map(JarEntry::getName)
                  .filter(n -> n.startsWith(prefix) && n.length() > prefix.length()
                      && n.indexOf('/', prefix.length()) < 0)
                  .forEach(n -> names.add(n.substring(prefix.length())));
            }
          }
          default -> {
            // Not listable; its specs are found by their fully qualified names.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return new ArrayList<>(names);
  }

  /** Every listed model, in name order. */
  static List<Model> all() {
    return listed().stream().map(Models::load).toList();
  }

  /**
   * The model named by the user: the simple name of a listed spec, or the fully qualified name
   * of any class annotated with {@link ResNet}.
   */
  static Model find(String name) {
    List<String> listed = listed();
    List<String> matches = listed.stream()
        .filter(s -> s.equals(name) || s.substring(s.lastIndexOf('.') + 1).equals(name))
        .toList();
    if (matches.size() == 1) {
      return load(matches.getFirst());
    }
    if (matches.size() > 1) {
      throw new CliException(String.format(
          "model '%s' is ambiguous: %s; give the fully qualified name", name, matches));
    }
    if (name.contains(".")) {
      return load(name);
    }
    throw new CliException(String.format(
        "no model named '%s'; known models: %s (or give the fully qualified name of a class"
            + " annotated with @ResNet)", name,
        listed.stream().map(s -> s.substring(s.lastIndexOf('.') + 1)).toList()));
  }

  private static Model load(String name) {
    Class<?> specClass = null;
    // A nested spec may be named a.b.Outer.Inner; its binary name is a.b.Outer$Inner.
    String binaryName = name;
    while (specClass == null) {
      try {
        specClass = Class.forName(binaryName, false, Models.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        int dot = binaryName.lastIndexOf('.');
        if (dot < 0) {
          throw new CliException("no class " + name + " on the class path");
        }
        binaryName = binaryName.substring(0, dot) + "$" + binaryName.substring(dot + 1);
      }
    }
    if (specClass.getAnnotation(ResNet.class) == null) {
      throw new CliException(binaryName + " is not annotated with @ResNet");
    }
    Spec spec = Spec.of(specClass);
    List<SpecProblem> problems = SpecValidator.validate(spec);
    if (!problems.isEmpty()) {
      throw new CliException(binaryName + ": " + problems.getFirst().message());
    }
    return new Model(specClass, Planner.plan(spec));
  }
}
