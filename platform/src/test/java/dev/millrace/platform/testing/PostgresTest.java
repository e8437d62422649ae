package dev.millrace.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a {@link PlatformTest} class against PostgreSQL (a fresh schema per context) when {@code
 * MILLRACE_TEST_POSTGRES_URL}, {@code _USER} and {@code _PASSWORD} are set ({@code bash .ci/run}
 * sets them); otherwise the class is skipped and says why on the console.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresTest.Available.class)
@TestPropertySource(properties = "millrace.test.database=postgres")
public @interface PostgresTest {

  record Database(String url, String user, String password) {
    static Optional<Database> fromEnvironment() {
      String url = System.getenv("MILLRACE_TEST_POSTGRES_URL");
      if (url == null || url.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(
          new Database(
              url,
              System.getenv().getOrDefault("MILLRACE_TEST_POSTGRES_USER", "millrace"),
              System.getenv().getOrDefault("MILLRACE_TEST_POSTGRES_PASSWORD", "")));
    }
  }

  class Available implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (Database.fromEnvironment().isPresent()) {
        return ConditionEvaluationResult.enabled("PostgreSQL test database configured");
      }
      String reason =
          "PostgreSQL tests skipped: MILLRACE_TEST_POSTGRES_URL (+ _USER, _PASSWORD) is not set;"
              + " bash .ci/run starts PostgreSQL and sets them";
      System.out.println("[SKIPPED] " + context.getDisplayName() + ": " + reason);
      return ConditionEvaluationResult.disabled(reason);
    }
  }
}
