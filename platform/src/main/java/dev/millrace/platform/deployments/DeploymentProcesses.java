package dev.millrace.platform.deployments;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The deployment feature's side of the engine: its processes and the message it publishes. */
@Component
class DeploymentProcesses {

  static final String DEPLOY = "deploy-model";
  static final String UNDEPLOY = "undeploy-model";
  static final String ENDPOINT_READY = "endpoint-ready";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final CamundaClient engine;

  DeploymentProcesses(CamundaClient engine) {
    this.engine = engine;
  }

  /** Starts deploy-model with the variables its steps and timers read; returns the instance. */
  long startDeploy(Deployment d, Duration readinessTimeout, Duration monitorInterval) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("deploymentId", d.id().toString());
    variables.put("tenantId", d.tenantId().toString());
    variables.put("reservationMicroCredits", d.billing().reservedMicroCredits());
    variables.put("readinessTimeout", readinessTimeout.toString());
    variables.put("monitorInterval", monitorInterval.toString());
    return create(DEPLOY, variables);
  }

  long startUndeploy(Deployment d) {
    return create(
        UNDEPLOY,
        Map.of(
            "deploymentId",
            d.id().toString(),
            "tenantId",
            d.tenantId().toString(),
            "reservationKey",
            d.reservationKey()));
  }

  /** Cancels the instance; one that already ended is fine. */
  void cancel(long processInstanceKey) {
    try {
      engine
          .newCancelInstanceCommand(processInstanceKey)
          .requestTimeout(REQUEST_TIMEOUT)
          .send()
          .join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  /**
   * Tells deploy-model that the endpoint serves. Buffered for the readiness timeout (the endpoint
   * may be ready before the process waits for it); the message id is per deployment, so a second
   * report while the first is buffered is answered ALREADY_EXISTS and the process hears one.
   */
  void endpointReady(Deployment d, String url) {
    try {
      engine
          .newPublishMessageCommand()
          .messageName(ENDPOINT_READY)
          .correlationKey(d.id().toString())
          .messageId(ENDPOINT_READY + ":" + d.id())
          .timeToLive(Duration.ofSeconds(d.readinessTimeoutSeconds()))
          .variables(Map.of("url", url))
          .requestTimeout(REQUEST_TIMEOUT)
          .send()
          .join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  private long create(String processId, Map<String, Object> variables) {
    return engine
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .requestTimeout(REQUEST_TIMEOUT)
        .send()
        .join()
        .getProcessInstanceKey();
  }
}
