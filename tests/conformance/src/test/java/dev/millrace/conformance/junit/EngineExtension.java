package dev.millrace.conformance.junit;

import dev.millrace.conformance.engine.EngineLauncher;
import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.suites.ConformanceSuite;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
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
    implements BeforeAllCallback,
        TestInstancePostProcessor,
        BeforeEachCallback,
        InvocationInterceptor {

  private static final Namespace NAMESPACE = Namespace.create(EngineExtension.class);

  private static final Duration KNOWN_DEVIATION_PATIENCE = Duration.ofSeconds(5);

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

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    Method method = invocationContext.getExecutable();
    String scenario = method.getDeclaringClass().getSimpleName() + "#" + method.getName();
    String deviation = launch(extensionContext).knownDeviations().get(scenario);
    if (deviation == null) {
      invocation.proceed();
      return;
    }
    invocationContext
        .getTarget()
        .filter(ConformanceSuite.class::isInstance)
        .map(ConformanceSuite.class::cast)
        .ifPresent(suite -> suite.shortenPatience(KNOWN_DEVIATION_PATIENCE));
    try {
      invocation.proceed();
    } catch (Throwable failure) {
      String reason =
          "known deviation of this engine, failing as expected: "
              + deviation
              + " [failure: "
              + summary(failure)
              + "]";
      System.out.println("[conformance] " + scenario + " skipped: " + reason);
      throw new TestAbortedException(reason);
    }
    throw new AssertionError(
        scenario
            + " is listed as a known deviation of this engine ("
            + deviation
            + ") but now passes: take it off the launcher's knownDeviations()");
  }

  private static String summary(Throwable failure) {
    String message = String.valueOf(failure.getMessage()).strip().replaceAll("\\s+", " ");
    return failure.getClass().getSimpleName()
        + ": "
        + (message.length() <= 400 ? message : message.substring(0, 400) + "...");
  }

  /** Either a running engine session or the reason the engine cannot run here. */
  private record Launch(
      EngineSession session, String skipReason, Map<String, String> knownDeviations)
      implements AutoCloseable {
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
      EngineLauncher launcher = launcherType.getDeclaredConstructor().newInstance();
      EngineUnderTest engine = launcher.launch();
      System.out.printf(
          "[conformance] %s: engine '%s' serving gRPC at %s%n",
          runnerClass.getSimpleName(), engine.name(), engine.grpcAddress());
      return new Launch(new EngineSession(engine), null, launcher.knownDeviations());
    } catch (TestAbortedException cannotRunHere) {
      String reason = runnerClass.getSimpleName() + " skipped: " + cannotRunHere.getMessage();
      System.out.println("[conformance] " + reason);
      return new Launch(null, reason, Map.of());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not launch the engine of " + runnerClass.getSimpleName(), e);
    }
  }
}
