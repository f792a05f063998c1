package io.flatnet.lab.junit;

import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Lab;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Checks the environment before a lab test class and each lab test, hands out {@link Lab}s, and
 * closes them. On failure it prints the lab's report (log tails of every daemon) to stderr and
 * keeps the lab's files for a closer look.
 *
 * <p>A {@code Lab} parameter of a test method is a fresh lab closed after that test, unless the
 * class already holds a class-wide lab: a {@code Lab} parameter of a {@code @BeforeAll} method
 * is one lab for the whole class (closed after all its tests), and test methods asking for a
 * {@code Lab} then get that same one. Classes use it when their tests can share daemons.
 */
public final class LabExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
    AfterEachCallback, AfterAllCallback, LifecycleMethodExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);
  private static final String METHOD_LAB = "lab";
  private static final String CLASS_LAB = "classLab";

  @Override
  public void beforeAll(ExtensionContext context) {
    LabEnvironment.assumeRootAndNetns();
    LabEnvironment.assumeDaemons(required(context.getRequiredTestClass()));
  }

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
    if (context.getTestMethod().isEmpty()) {
      return context.getStore(NS).computeIfAbsent(CLASS_LAB, key -> Lab.create(), Lab.class);
    }
    Lab shared = classLab(context);
    if (shared != null) {
      return shared;
    }
    return context.getStore(NS).computeIfAbsent(METHOD_LAB, key -> Lab.create(), Lab.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Lab lab = context.getStore(NS).remove(METHOD_LAB, Lab.class);
    boolean failed = context.getExecutionException().isPresent();
    if (lab != null) {
      if (failed) {
        report(context, lab);
      }
      lab.close();
    } else if (failed) {
      Lab shared = classLab(context);
      if (shared != null) {
        report(context, shared);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Lab lab = context.getStore(NS).remove(CLASS_LAB, Lab.class);
    if (lab != null) {
      lab.close();
    }
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Lab lab = context.getStore(NS).get(CLASS_LAB, Lab.class);
    if (lab != null) {
      report(context, lab);
    }
    throw throwable;
  }

  private static void report(ExtensionContext context, Lab lab) {
    lab.keepFiles();
    System.err.println("==== " + context.getDisplayName() + " failed; " + lab.report());
  }

  /** The class-wide lab of the test's class (or an enclosing one), or null. */
  private static Lab classLab(ExtensionContext context) {
    for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
      if (c.get().getTestMethod().isEmpty() && c.get().getTestClass().isPresent()) {
        Lab lab = c.get().getStore(NS).get(CLASS_LAB, Lab.class);
        if (lab != null) {
          return lab;
        }
      }
    }
    return null;
  }
}
