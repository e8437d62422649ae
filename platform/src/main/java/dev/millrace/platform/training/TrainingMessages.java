package dev.millrace.platform.training;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code training-finished} (correlation key: the run id) with the variables the
 * train-model and fine-tune-model processes read: {@code outcome}, {@code computeSeconds}, {@code
 * metrics}, {@code artifactDir}, {@code failureMessage}.
 *
 * <p>Buffered for an hour: the compute may end before the process waits for it (a fast run, or a
 * time-budget timer that fired just before), and the receive task then takes it from the buffer.
 * The message id is per run, so publishing it again (after a restart) is answered ALREADY_EXISTS
 * while the first is buffered, and the process hears one end.
 */
@Component
class TrainingMessages {

  static final String NAME = "training-finished";
  static final Duration TIME_TO_LIVE = Duration.ofHours(1);

  private final CamundaClient client;

  TrainingMessages(CamundaClient client) {
    this.client = client;
  }

  void finished(
      String runId,
      String outcome,
      double computeSeconds,
      Map<String, Object> metrics,
      String artifactDir,
      String failureMessage) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("outcome", outcome);
    variables.put("computeSeconds", computeSeconds);
    variables.put("metrics", metrics == null ? Map.of() : metrics);
    variables.put("artifactDir", artifactDir);
    variables.put("failureMessage", failureMessage);
    try {
      client
          .newPublishMessageCommand()
          .messageName(NAME)
          .correlationKey(runId)
          .messageId(NAME + ":" + runId)
          .timeToLive(TIME_TO_LIVE)
          .variables(variables)
          .send()
          .join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }
}
