package dev.millrace.conformance.camunda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.engine.ProcessInspector;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/** A running Camunda 8 container as an {@link EngineUnderTest}. */
final class Camunda8Engine implements EngineUnderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String image;
  private final GenericContainer<?> container;
  private final HttpClient http = HttpClient.newHttpClient();
  private final CamundaClient searchClient;
  private final CamundaSearchInspector inspector;

  Camunda8Engine(String image, GenericContainer<?> container) {
    this.image = image;
    this.container = container;
    // The inspector reads the REST search API; the suites themselves only ever use gRPC.
    this.searchClient =
        CamundaClient.newClientBuilder()
            .grpcAddress(grpcAddress())
            .restAddress(address(Camunda8Container.REST_PORT))
            .preferRestOverGrpc(true)
            .build();
    this.inspector = new CamundaSearchInspector(searchClient);
  }

  private URI address(int containerPort) {
    return URI.create(
        "http://" + container.getHost() + ":" + container.getMappedPort(containerPort));
  }

  @Override
  public String name() {
    return image;
  }

  @Override
  public URI grpcAddress() {
    return address(Camunda8Container.GRPC_PORT);
  }

  @Override
  public void increaseTime(Duration duration) {
    // Zeebe's controlled clock: POST /actuator/clock/add {"offsetMilli": n} on the management port.
    URI endpoint = address(Camunda8Container.MANAGEMENT_PORT).resolve("/actuator/clock/add");
    try {
      String body = JSON.writeValueAsString(Map.of("offsetMilli", duration.toMillis()));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "Zeebe refused to move its clock: HTTP "
                + response.statusCode()
                + " "
                + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not reach Zeebe's clock endpoint " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while moving Zeebe's clock", e);
    }
  }

  @Override
  public ProcessInspector inspector() {
    return inspector;
  }

  @Override
  public void close() {
    try {
      searchClient.close();
    } finally {
      container.stop();
    }
  }
}
