package dev.millrace.conformance.camunda;

import dev.millrace.conformance.engine.EngineLauncher;
import dev.millrace.conformance.engine.EngineUnderTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Launches a real Camunda 8 orchestration cluster (one {@code camunda/camunda} container) with
 * Testcontainers: the reference the conformance suites hold every other engine to.
 *
 * <p>The container runs with Zeebe's controlled clock ({@code ZEEBE_CLOCK_CONTROLLED}, moved
 * through the {@code /actuator/clock} management endpoint as zeebe-process-test and Camunda Process
 * Test do) and an in-memory H2 secondary storage that backs the REST search API the inspector
 * reads. The image is {@value #DEFAULT_IMAGE} unless the system property {@code
 * conformance.camunda.image} names another.
 *
 * <p>Without a Docker engine the runner is skipped, with the reason printed and reported.
 */
public final class Camunda8Container implements EngineLauncher {

  static final String DEFAULT_IMAGE = "camunda/camunda:8.8.14";

  static final int GRPC_PORT = 26500;
  static final int REST_PORT = 8080;
  static final int MANAGEMENT_PORT = 9600;

  @Override
  public EngineUnderTest launch() {
    String image = System.getProperty("conformance.camunda.image", DEFAULT_IMAGE);
    Assumptions.assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        () ->
            "no Docker engine is reachable from this machine, so the real Camunda 8 ("
                + image
                + ") cannot be started with Testcontainers; the suites did not run against it");

    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image))
            .withExposedPorts(GRPC_PORT, REST_PORT, MANAGEMENT_PORT)
            .withEnv("SPRING_PROFILES_ACTIVE", "broker,consolidated-auth")
            .withEnv("ZEEBE_CLOCK_CONTROLLED", "true")
            .withEnv("CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI", "true")
            .withEnv("CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED", "false")
            .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms")
            .withEnv(
                "CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL",
                "jdbc:h2:mem:conformance-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL")
            .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_USERNAME", "sa")
            .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_PASSWORD", "")
            // Export to the search storage at once, so the inspector sees state without delay.
            .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL", "PT0S")
            .waitingFor(
                Wait.forHttp("/actuator/health/status")
                    .forPort(MANAGEMENT_PORT)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)));
    container.start();
    return new Camunda8Engine(image, container);
  }
}
