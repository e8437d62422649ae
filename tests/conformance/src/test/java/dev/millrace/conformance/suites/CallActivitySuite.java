package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.CallActivityBuilder;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Call activities: which version is called (binding type latest, deployment, versionTag; the id as
 * an expression) and how variables travel: all of the caller's scope in by default or only the call
 * activity's locals, all of the child's out by default, only output-mapped ones with output
 * mappings, none when propagateAllChildVariables is false. A missing called process is in
 * IncidentSuite.
 *
 * <p>Docs: components/modeler/bpmn/call-activities.
 */
@Tag("call-activities")
public abstract class CallActivitySuite extends ConformanceSuite {

  private BpmnModelInstance child(String jobType, String versionTag) {
    var builder = Bpmn.createExecutableProcess(id("child"));
    if (versionTag != null) {
      builder = builder.versionTag(versionTag);
    }
    return builder
        .startEvent("child-start")
        .serviceTask("child-task", t -> t.zeebeJobType(jobType))
        .endEvent("child-end")
        .done();
  }

  private BpmnModelInstance parent(Consumer<CallActivityBuilder> callActivity) {
    return Bpmn.createExecutableProcess(id)
        .startEvent("start")
        .callActivity("call", callActivity)
        .endEvent("end")
        .done();
  }

  @Test
  void latestBindingCallsTheLatestVersionAtActivation() {
    deploy(child(id("v1"), null));
    deploy(parent(c -> c.zeebeProcessId(id("child"))));
    deploy(child(id("v2"), null));

    long instance = start(id);

    ActivatedJob job = awaitJob(id("v2"));
    assertThat(job.getProcessDefinitionVersion()).isEqualTo(2);
    assertThat(job.getProcessInstanceKey()).isNotEqualTo(instance);
    complete(job);
    awaitCompleted(instance);
    awaitPath(instance, "start", "call", "end");
  }

  @Test
  void deploymentBindingCallsTheVersionDeployedTogetherWithTheCaller() {
    deploy(
        child(id("v1"), null),
        parent(c -> c.zeebeProcessId(id("child")).zeebeBindingType(ZeebeBindingType.deployment)));
    deploy(child(id("v2"), null));

    long instance = start(id);

    ActivatedJob job = awaitJob(id("v1"));
    assertThat(job.getProcessDefinitionVersion()).isEqualTo(1);
    complete(job);
    awaitCompleted(instance);
  }

  @Test
  void versionTagBindingCallsTheLatestVersionWithThatTag() {
    deploy(child(id("v1"), "1.0"));
    deploy(child(id("v2"), "2.0"));
    deploy(
        parent(
            c ->
                c.zeebeProcessId(id("child"))
                    .zeebeBindingType(ZeebeBindingType.versionTag)
                    .zeebeVersionTag("1.0")));

    long instance = start(id);

    ActivatedJob job = awaitJob(id("v1"));
    assertThat(job.getProcessDefinitionVersion()).isEqualTo(1);
    complete(job);
    awaitCompleted(instance);
  }

  @Test
  void calledProcessIdMayBeAnExpression() {
    deploy(child(id("job"), null));
    deploy(parent(c -> c.zeebeProcessIdExpression("childProcessId")));

    long instance = start(id, Map.of("childProcessId", id("child")));

    completeNextJob(id("job"), Map.of());
    awaitCompleted(instance);
  }

  @Test
  void variablesTravelToTheChildAndBackByDefault() {
    deploy(child(id("job"), null));
    deploy(parent(c -> c.zeebeProcessId(id("child"))));

    long instance = start(id, Map.of("orderId", "o-1"));

    ActivatedJob job = awaitJob(id("job"));
    assertThat(job.getVariablesAsMap()).isEqualTo(Map.of("orderId", "o-1"));
    complete(job, Map.of("shipped", true));
    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("shipped", true)))
        .isEqualTo(Map.of("orderId", "o-1", "shipped", true));
  }

  @Test
  void onlyLocalVariablesGoToTheChildWhenPropagateAllParentVariablesIsOff() {
    deploy(child(id("job"), null));
    deploy(
        parent(
            c ->
                c.zeebeProcessId(id("child"))
                    .zeebePropagateAllParentVariables(false)
                    .zeebeInputExpression("orderId", "reference")));

    start(id, Map.of("orderId", "o-1", "secret", "s3cr3t"));

    assertThat(awaitJob(id("job")).getVariablesAsMap()).isEqualTo(Map.of("reference", "o-1"));
  }

  @Test
  void childVariablesAreDiscardedWhenPropagateAllChildVariablesIsOff() {
    deploy(child(id("job"), null));
    deploy(parent(c -> c.zeebeProcessId(id("child")).zeebePropagateAllChildVariables(false)));
    long instance = start(id, Map.of("orderId", "o-1"));

    completeNextJob(id("job"), Map.of("shipped", true));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("orderId", "o-1")))
        .isEqualTo(Map.of("orderId", "o-1"));
  }

  @Test
  void outputMappingsSelectTheChildVariablesThatComeBack() {
    deploy(child(id("job"), null));
    deploy(
        parent(
            c ->
                c.zeebeProcessId(id("child")).zeebeOutputExpression("trackingNumber", "tracking")));
    long instance = start(id, Map.of("orderId", "o-1"));

    completeNextJob(id("job"), Map.of("trackingNumber", "T-9", "internalNote", "fragile"));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("tracking", "T-9")))
        .isEqualTo(Map.of("orderId", "o-1", "tracking", "T-9"));
  }
}
