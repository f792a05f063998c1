package io.flatnet.interop;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the {@link PeerStatus} of every peer of each {@link InProcessSpeaker} field of the
 * failing test (static or not, inherited too) the moment the failure is thrown, before any
 * {@code @AfterEach} or {@code @AfterAll} closes the speaker. The lab prints the daemons' logs.
 *
 * @see io.flatnet.bgp.session.PeerStatus
 */
final class PrintSpeakersOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    print(context, throwable);
    throw throwable;
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    print(context, throwable);
    throw throwable;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    print(context, throwable);
    throw throwable;
  }

  private static void print(ExtensionContext context, Throwable throwable) {
    Object instance = context.getTestInstance().orElse(null);
    StringBuilder sb = new StringBuilder("==== " + context.getDisplayName() + " failed (" + throwable + "); flatnet status:\n");
    for (Class<?> c = context.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getType() != InProcessSpeaker.class || (instance == null && !Modifier.isStatic(f.getModifiers()))) {
          continue;
        }
        try {
          f.setAccessible(true);
          InProcessSpeaker s = (InProcessSpeaker) f.get(Modifier.isStatic(f.getModifiers()) ? null : instance);
          if (s != null) {
            sb.append(s.describe());
          }
        } catch (IllegalAccessException e) {
          sb.append(f.getName()).append(": ").append(e).append('\n');
        }
      }
    }
    System.err.println(sb);
  }
}
