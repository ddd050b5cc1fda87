package org.skipline.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.skipline.ResNet;
import org.skipline.plan.Planner;
import org.skipline.plan.SpecProblem;
import org.skipline.runtime.Network;

/**
 * Turns each {@link ResNet} spec into a generated network class: read, validate, plan, write.
 * The logic lives in {@link SpecReader}, {@link org.skipline.plan.SpecValidator}, {@link
 * Planner} and {@link NetworkWriter}; this class only runs them in order and reports.
 */
@AutoService(Processor.class)
public final class ResNetProcessor extends AbstractProcessor {

  private final Set<String> generatedSpecs = new TreeSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ResNet.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(ResNet.class)) {
      try {
        generate(element);
      } catch (RuntimeException | IOException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "[" + SpecProblem.Tag.ResNetInternal + "] Skipline failed on this spec; please report"
                + " it with this trace: " + trace, element);
      }
    }
    if (round.processingOver() && !generatedSpecs.isEmpty()) {
      writeIndex();
    }
    return false;
  }

  private void generate(Element element) throws IOException {
    SpecReader reader = new SpecReader(processingEnv, element);
    List<SpecProblem> problems = new ArrayList<>(reader.problems());
    if (problems.isEmpty()) {
      problems.addAll(org.skipline.plan.SpecValidator.validate(reader.spec()));
    }
    if (!problems.isEmpty()) {
      problems.forEach(reader::report);
      return;
    }
    new NetworkWriter(Planner.plan(reader.spec()), reader.packageName(), reader.generatedName(),
        reader.specClassName())
        .javaFile()
        .writeTo(processingEnv.getFiler());
    generatedSpecs.add(reader.specBinaryName());
  }

  private void writeIndex() {
    try {
      FileObject index = processingEnv.getFiler()
          .createResource(StandardLocation.CLASS_OUTPUT, "", Network.INDEX_RESOURCE);
      try (Writer out = index.openWriter()) {
        for (String spec : generatedSpecs) {
          out.write(spec + "\n");
        }
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
          "Skipline could not write " + Network.INDEX_RESOURCE
              + " (the launcher will not list these networks): " + e.getMessage());
    }
  }
}
