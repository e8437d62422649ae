package dev.millrace.platform.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.compute.local.ServiceToken;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Calls a deployment's endpoint from inside the platform, the way connectors and automation flows
 * do: through the router at the deployment's URL, with the platform's service token, so a private
 * endpoint answers too. The REST API's {@code /infer} and the deployment's smoke test use it.
 */
@Component
class EndpointInvoker {

  /** The endpoint's own answer, passed on as it came (status and OIP v2 body). */
  record Answer(int status, JsonNode body) {}

  /** A scaled-to-zero endpoint cold-starts on the call: allow for it. */
  private static final Duration COLD_START = Duration.ofSeconds(90);

  private final ObjectProvider<ServiceToken> serviceToken;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  EndpointInvoker(ObjectProvider<ServiceToken> serviceToken, ObjectMapper json) {
    this.serviceToken = serviceToken;
    this.json = json;
  }

  /**
   * POSTs an OIP v2 inference body to the endpoint at {@code url} ({@code .../endpoints/<name>})
   * through the router, with the service token when the platform has one.
   */
  HttpResponse<String> post(String url, String endpointName, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder call =
        HttpRequest.newBuilder(inferUri(url, endpointName))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    ServiceToken token = serviceToken.getIfAvailable();
    if (token != null) {
      call.header("Authorization", token.authorization());
    }
    return http.send(call.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The OIP v2 infer path of the endpoint {@code endpointName} served at {@code url}. */
  static URI inferUri(String url, String endpointName) {
    return URI.create(url + "/v2/models/" + endpointName + "/infer");
  }

  Answer infer(Deployment deployment, JsonNode request) {
    if (deployment.status() != DeploymentStatus.READY || deployment.url() == null) {
      throw new ConflictException(
          "deployment-not-ready",
          "deployment "
              + deployment.id()
              + " is "
              + deployment.status().label()
              + "; only a ready deployment answers");
    }
    try {
      HttpResponse<String> response =
          post(deployment.url(), deployment.endpointName(), request.toString(), COLD_START);
      JsonNode body;
      try {
        body = json.readTree(response.body());
      } catch (IOException notJson) {
        body = json.createObjectNode().put("error", response.body());
      }
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new UnavailableException(
          "endpoint-unreachable", "the endpoint at " + deployment.url() + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("endpoint-unreachable", "interrupted");
    }
  }
}
