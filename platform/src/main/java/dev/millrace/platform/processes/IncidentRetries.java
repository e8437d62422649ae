package dev.millrace.platform.processes;

import dev.millrace.platform.processes.ProcessInstances.IncidentView;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.NotFoundException;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.UUID;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/**
 * Retries the step an incident stopped: a job whose retries ran out gets new retries first (else
 * resolving would raise the incident again at once), then the incident is resolved and the engine
 * runs the step again.
 */
@Service
class IncidentRetries {

  record Retried(long processInstanceKey, long incidentKey, Long jobKey, Integer retries) {}

  private final ProcessInstances instances;
  private final CamundaClient client;

  IncidentRetries(ProcessInstances instances, CamundaClient client) {
    this.instances = instances;
    this.client = client;
  }

  Retried retry(@Nullable UUID tenantId, long processInstanceKey, long incidentKey, int retries) {
    instances.summary(tenantId, processInstanceKey);
    IncidentView incident =
        instances.incidents(processInstanceKey).stream()
            .filter(i -> i.incidentKey() == incidentKey)
            .findFirst()
            .orElseThrow(() -> new NotFoundException("incident", incidentKey));
    if (!"ACTIVE".equals(incident.state())) {
      throw resolvedAlready(incidentKey);
    }
    try {
      if (incident.jobKey() != null) {
        client
            .newUpdateRetriesCommand(incident.jobKey())
            .retries(retries)
            .requestTimeout(Duration.ofSeconds(30))
            .send()
            .join();
      }
      client
          .newResolveIncidentCommand(incidentKey)
          .requestTimeout(Duration.ofSeconds(30))
          .send()
          .join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        throw resolvedAlready(incidentKey);
      }
      throw e;
    }
    return new Retried(
        processInstanceKey,
        incidentKey,
        incident.jobKey(),
        incident.jobKey() == null ? null : retries);
  }

  private static ConflictException resolvedAlready(long incidentKey) {
    return new ConflictException(
        "incident-resolved", "Incident " + incidentKey + " is resolved already; nothing to retry");
  }
}
