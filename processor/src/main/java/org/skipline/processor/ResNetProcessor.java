package org.skipline.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.skipline.ResNet;
import org.skipline.plan.Planner;
import org.skipline.plan.SpecProblem;
import org.skipline.plan.SpecProblem.Tag;
import org.skipline.plan.SpecValidator;
import org.skipline.runtime.Network;

/**
 * Turns each {@link ResNet} spec into a generated network class: read, validate, plan, write.
 * The logic lives in {@link SpecReader}, {@link SpecValidator}, {@link Planner} and {@link
 * NetworkWriter}; this class runs them in order, checks the generated names of all specs of a
 * round against each other before writing any, and reports.
 */
@AutoService(Processor.class)
public final class ResNetProcessor extends AbstractProcessor {

  /** Generated class name to the spec it was generated for, over all rounds. */
  private final Map<String, String> generatedNames = new HashMap<>();

  /**
   * All annotations, not only {@link ResNet}: javac leaves a {@code @ResNet} that is only on a
   * local class out of the round's annotations, and would then never run this processor, so
   * {@link LocalSpecFinder} could not refuse it. The processor claims nothing. Gradle's
   * isolating mode ignores the supported types (it follows each generated file's originating
   * element instead), so the wildcard costs incremental builds nothing.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<Element> elements = new LinkedHashSet<>(round.getElementsAnnotatedWith(ResNet.class));
    elements.addAll(LocalSpecFinder.find(processingEnv, round.getRootElements()));
    Map<SpecReader, List<SpecProblem>> specs = new LinkedHashMap<>();
    for (Element element : elements) {
      try {
        SpecReader reader = new SpecReader(processingEnv, element);
        List<SpecProblem> problems = new ArrayList<>(reader.problems());
        problems.addAll(reader.contradictions());
        problems.addAll(SpecValidator.validate(reader.spec()));
        specs.put(reader, problems);
      } catch (RuntimeException e) {
        reportInternal(element, e);
      }
    }
    checkNames(specs);
    specs.forEach((reader, problems) -> {
      if (problems.isEmpty()) {
        write(reader);
      } else {
        problems.forEach(reader::report);
      }
    });
    return false;
  }

  /**
   * Adds a name problem to each spec whose generated class would clash with an existing class,
   * one generated in an earlier round, or that of another spec of this round. The Filer refuses
   * a second file of the same name only after the first is written, so this runs before any.
   */
  private void checkNames(Map<SpecReader, List<SpecProblem>> specs) {
    Map<String, List<SpecReader>> byName = new LinkedHashMap<>();
    for (SpecReader reader : specs.keySet()) {
      if (reader.placed()) {
        byName.computeIfAbsent(reader.qualifiedGeneratedName(), n -> new ArrayList<>())
            .add(reader);
      }
    }
    byName.forEach((name, readers) -> {
      for (SpecReader reader : readers) {
        List<String> others = readers.stream().filter(r -> r != reader)
            .map(SpecReader::specDisplayName).toList();
        String detail;
        if (generatedNames.containsKey(name)) {
          detail = String.format(Locale.ROOT, "the generated class %s was already generated for"
              + " %s in an earlier round; rename %s or %s", name, generatedNames.get(name),
              reader.specDisplayName(), generatedNames.get(name));
        } else if (processingEnv.getElementUtils().getTypeElement(name) != null) {
          detail = String.format(Locale.ROOT, "the generated class %s would clash with an"
              + " existing class of that name; rename %s or the existing class", name,
              reader.element().getSimpleName());
        } else if (!others.isEmpty()) {
          detail = String.format(Locale.ROOT, "the generated class %s would also be generated for"
              + " %s; rename %s or %s", name, String.join(" and ", others),
              reader.specDisplayName(), String.join(" or ", others));
        } else {
          continue;
        }
        specs.get(reader).add(new SpecProblem(null, Tag.ResNetName, detail));
      }
    });
  }

  private void write(SpecReader reader) {
    try {
      JavaFile file = new NetworkWriter(Planner.plan(reader.spec()), reader.packageName(),
          reader.generatedName(), reader.specClassName())
          .javaFile();
      JavaFileObject source;
      try {
        source = processingEnv.getFiler()
            .createSourceFile(reader.qualifiedGeneratedName(), reader.element());
      } catch (FilerException e) {
        // The Filer refuses a name already created in this compilation, say by another
        // processor this round: a name clash for the user to resolve, not an internal failure.
        reader.report(new SpecProblem(null, Tag.ResNetName, String.format(Locale.ROOT,
            "the generated class %s cannot be created because that name is already taken in"
                + " this compilation (%s); rename %s", reader.qualifiedGeneratedName(),
            e.getMessage(), reader.specDisplayName())));
        return;
      }
      try (Writer out = source.openWriter()) {
        file.writeTo(out);
      }
      generatedNames.put(reader.qualifiedGeneratedName(), reader.specDisplayName());
      register(reader);
    } catch (RuntimeException | IOException e) {
      reportInternal(reader.element(), e);
    }
  }

  private void reportInternal(Element element, Exception e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
        "[" + Tag.ResNetInternal + "] Skipline failed on this spec; please report it with this"
            + " trace: " + trace, element);
  }

  /**
   * Registers the spec for launchers: an empty resource named after it under {@link
   * Network#SPEC_RESOURCES}, which, like the generated class, comes from the spec alone.
   */
  private void register(SpecReader reader) {
    String name = Network.SPEC_RESOURCES + "/" + reader.specBinaryName();
    try {
      processingEnv.getFiler()
          .createResource(StandardLocation.CLASS_OUTPUT, "", name, reader.element())
          .openOutputStream()
          .close();
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
          "Skipline could not write " + name + " (the launcher will not list this network): "
              + e.getMessage(), reader.element());
    }
  }
}
