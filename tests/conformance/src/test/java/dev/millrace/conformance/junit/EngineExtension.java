package dev.millrace.conformance.junit;

import dev.millrace.conformance.engine.EngineLauncher;
import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.suites.ConformanceSuite;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Launches the engine a runner names (once, on the runner's class context) and hands it to every
 * suite instance nested in that runner. When the launcher aborts (say, no Docker engine), every
 * scenario of the runner is skipped with the launcher's reason, so the skip shows in the test
 * counts and reports rather than as a runner that silently ran nothing.
 */
final class EngineExtension
    implements BeforeAllCallback, TestInstancePostProcessor, BeforeEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(EngineExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    launch(context);
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
    Launch launch = launch(context);
    if (testInstance instanceof ConformanceSuite suite && launch.session() != null) {
      suite.attach(launch.session());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Launch launch = launch(context);
    if (launch.skipReason() != null) {
      throw new TestAbortedException(launch.skipReason());
    }
  }

  /** Either a running engine session or the reason the engine cannot run here. */
  private record Launch(EngineSession session, String skipReason) implements AutoCloseable {
    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }

  private static Launch launch(ExtensionContext context) {
    ExtensionContext runner = runnerContext(context);
    return runner
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Launch.class, key -> start(runner), Launch.class);
  }

  private static ExtensionContext runnerContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (true) {
      boolean isRunner =
          current
              .getTestClass()
              .map(type -> AnnotationSupport.isAnnotated(type, ConformanceEngine.class))
              .orElse(false);
      if (isRunner) {
        return current;
      }
      current =
          current
              .getParent()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "A conformance suite runs only inside a runner annotated with"
                              + " @ConformanceEngine"));
    }
  }

  private static Launch start(ExtensionContext runner) {
    Class<?> runnerClass = runner.getRequiredTestClass();
    Class<? extends EngineLauncher> launcherType =
        AnnotationSupport.findAnnotation(runnerClass, ConformanceEngine.class)
            .orElseThrow()
            .value();
    try {
      EngineUnderTest engine = launcherType.getDeclaredConstructor().newInstance().launch();
      System.out.printf(
          "[conformance] %s: engine '%s' serving gRPC at %s%n",
          runnerClass.getSimpleName(), engine.name(), engine.grpcAddress());
      return new Launch(new EngineSession(engine), null);
    } catch (TestAbortedException cannotRunHere) {
      String reason = runnerClass.getSimpleName() + " skipped: " + cannotRunHere.getMessage();
      System.out.println("[conformance] " + reason);
      return new Launch(null, reason);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not launch the engine of " + runnerClass.getSimpleName(), e);
    }
  }
}
