package dev.millrace.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context a fresh data directory (so a fresh H2 database and engine
 * log) under {@code target/test-data}, or, for {@link PostgresTest} classes, a fresh schema in the
 * PostgreSQL test database, dropped when the context closes. Fresh per context, so other engineers'
 * branches sharing that database never see our migrations.
 */
public class TestDataDirectory
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final Path RUNS = Path.of("target", "test-data");
  private static final Path ROOT = RUNS.resolve("run-" + ProcessHandle.current().pid());
  private static final AtomicInteger CONTEXTS = new AtomicInteger();

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    int n = CONTEXTS.incrementAndGet();
    if (n == 1) {
      deleteFinishedRuns();
    }
    Path dir = ROOT.resolve("context-" + n).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put("millrace.data-dir", dir.toString());
    if ("postgres".equals(context.getEnvironment().getProperty("millrace.test.database"))) {
      String schema = "millrace_test_" + ProcessHandle.current().pid() + "_" + n;
      PostgresTest.Database db = PostgresTest.Database.fromEnvironment().orElseThrow();
      execute(db, "CREATE SCHEMA " + schema);
      context.addApplicationListener(
          event -> {
            if (event instanceof ContextClosedEvent) {
              execute(db, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
          });
      properties.put("spring.datasource.url", withSchema(db.url(), schema));
      properties.put("spring.datasource.username", db.user());
      properties.put("spring.datasource.password", db.password());
    }
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("millraceTestData", properties));
  }

  /** Data of earlier test JVMs (their contexts closed with them); a live one's is left alone. */
  private static void deleteFinishedRuns() {
    if (!Files.isDirectory(RUNS)) {
      return;
    }
    try (Stream<Path> runs = Files.list(RUNS)) {
      for (Path run : runs.toList()) {
        String name = run.getFileName().toString();
        long pid = name.startsWith("run-") ? Long.parseLong(name.substring(4)) : -1;
        if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(run)) {
          for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.out.println("[test-data] could not tidy " + RUNS + ": " + e);
    }
  }

  private static String withSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void execute(PostgresTest.Database db, String sql) {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL test database: " + sql + ": " + e.getMessage(), e);
    }
  }
}
