package dev.millrace.workers;

import dev.millrace.workers.deployments.Deployments;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The steps of deploy-model, monitor-endpoint and undeploy-model. */
@Component
public class DeploymentWorkers {

  private final Deployments deployments;

  public DeploymentWorkers(Deployments deployments) {
    this.deployments = deployments;
  }

  @JobWorker(type = "millrace.deployments.validate")
  public void validate(@Variable String deploymentId) {
    Failures.asBpmnError(() -> deployments.validate(deploymentId));
  }

  @JobWorker(type = "millrace.deployments.provision")
  public void provision(@Variable String deploymentId) {
    Failures.asBpmnError(() -> deployments.provision(deploymentId));
  }

  @JobWorker(type = "millrace.deployments.smoke-test")
  public void smokeTest(@Variable String deploymentId) {
    Failures.asBpmnError(() -> deployments.smokeTest(deploymentId));
  }

  @JobWorker(type = "millrace.deployments.publish")
  public Map<String, Object> publish(@Variable String deploymentId) {
    return Map.of("url", deployments.publish(deploymentId));
  }

  @JobWorker(type = "millrace.deployments.drain")
  public void drain(@Variable String deploymentId) {
    deployments.drain(deploymentId);
  }

  @JobWorker(type = "millrace.deployments.teardown")
  public void teardown(@Variable String deploymentId) {
    deployments.teardown(deploymentId);
  }

  @JobWorker(type = "millrace.deployments.settle")
  public void settle(@Variable String deploymentId) {
    deployments.settle(deploymentId);
  }

  @JobWorker(type = "millrace.deployments.finish")
  public void finish(@Variable String deploymentId, @Variable String status) {
    deployments.finish(deploymentId, status);
  }

  @JobWorker(type = "millrace.deployments.request-undeploy")
  public void requestUndeploy(@Variable String deploymentId) {
    deployments.requestUndeploy(deploymentId);
  }

  @JobWorker(type = "millrace.monitoring.collect")
  public Map<String, Object> collect(@Variable String deploymentId) {
    return Failures.asBpmnError(
        () -> Map.<String, Object>of("monitoring", deployments.collect(deploymentId)));
  }
}
