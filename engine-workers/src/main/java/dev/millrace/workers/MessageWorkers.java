package dev.millrace.workers;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * millrace.messages.publish: message throw events publish the message named by their {@code
 * messageName} header, keyed by the {@code correlationKey} variable, carrying the instance's
 * variables. Buffered for an hour so a receiver that is about to subscribe still gets it.
 */
@Component
public class MessageWorkers {

  static final Duration TIME_TO_LIVE = Duration.ofHours(1);

  private final CamundaClient client;

  public MessageWorkers(CamundaClient client) {
    this.client = client;
  }

  @JobWorker(type = "millrace.messages.publish")
  public void publish(ActivatedJob job) {
    String name = job.getCustomHeaders().get("messageName");
    Object key = job.getVariablesAsMap().get("correlationKey");
    if (name == null || key == null) {
      throw new IllegalArgumentException(
          "element '"
              + job.getElementId()
              + "' needs a messageName header and a correlationKey variable");
    }
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(key.toString())
        .timeToLive(TIME_TO_LIVE)
        .variables(job.getVariablesAsMap())
        .send()
        .join();
  }
}
