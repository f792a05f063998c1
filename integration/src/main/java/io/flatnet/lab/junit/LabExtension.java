package io.flatnet.lab.junit;

import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Lab;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Checks the environment before each lab test, hands the test a fresh {@link Lab}, and closes
 * it afterwards. On failure it prints the lab's report (log tails of every daemon) to stderr
 * and keeps the lab's files for a closer look.
 */
public final class LabExtension implements BeforeEachCallback, ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    LabEnvironment.assumeRootAndNetns();
    LabEnvironment.assumeDaemons(required(context.getRequiredTestMethod()));
    LabEnvironment.assumeDaemons(required(context.getRequiredTestClass()));
  }

  private static DaemonKind[] required(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(Optional.of(element), NetnsTest.class)
        .map(NetnsTest::requires).orElse(new DaemonKind[0]);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).computeIfAbsent("lab", key -> Lab.create(), Lab.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Lab lab = context.getStore(NS).remove("lab", Lab.class);
    if (lab == null) {
      return;
    }
    if (context.getExecutionException().isPresent()) {
      lab.keepFiles();
      System.err.println("==== " + context.getDisplayName() + " failed; " + lab.report());
    }
    lab.close();
  }
}
