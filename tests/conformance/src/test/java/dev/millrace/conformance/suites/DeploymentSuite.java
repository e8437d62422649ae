package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status.Code;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DeployResource: versioning per process id, several resources per call, atomicity, and rejections
 * that name the resource, the element and the reason.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (DeployResource), components/concepts/resource
 * deployment; the rejection format "'resource.bpmn': - Element: id - ERROR: reason" is Zeebe's.
 */
@Tag("deployment")
public abstract class DeploymentSuite extends ConformanceSuite {

  private BpmnModelInstance oneTaskProcess(String processId, String jobType) {
    return Bpmn.createExecutableProcess(processId)
        .startEvent("start")
        .serviceTask("task", t -> t.zeebeJobType(jobType))
        .endEvent("end")
        .done();
  }

  @Test
  void deploymentReturnsTheProcessMetadata() {
    DeploymentEvent deployment = deploy(oneTaskProcess(id, id("job")));

    assertThat(deployment.getKey()).isPositive();
    assertThat(deployment.getProcesses()).hasSize(1);
    Process process = deployment.getProcesses().getFirst();
    assertThat(process.getBpmnProcessId()).isEqualTo(id);
    assertThat(process.getVersion()).isEqualTo(1);
    assertThat(process.getProcessDefinitionKey()).isPositive();
    assertThat(process.getResourceName()).isEqualTo(id + ".bpmn");
  }

  @Test
  void identicalRedeploymentKeepsItsVersionAndKey() {
    // The same model instance: the builder gives generated ids (sequence flows, diagram shapes)
    // fresh random values on every build, which would make a rebuilt model a different resource.
    BpmnModelInstance model = oneTaskProcess(id, id("job"));
    Process first = deploy(model).getProcesses().getFirst();
    Process again = deploy(model).getProcesses().getFirst();

    assertThat(again.getVersion()).isEqualTo(first.getVersion()).isEqualTo(1);
    assertThat(again.getProcessDefinitionKey()).isEqualTo(first.getProcessDefinitionKey());
  }

  @Test
  void changedResourceGetsTheNextVersionOfItsProcessId() {
    Process first = deploy(oneTaskProcess(id, id("job-a"))).getProcesses().getFirst();
    Process second = deploy(oneTaskProcess(id, id("job-b"))).getProcesses().getFirst();

    assertThat(first.getVersion()).isEqualTo(1);
    assertThat(second.getVersion()).isEqualTo(2);
    assertThat(second.getProcessDefinitionKey()).isNotEqualTo(first.getProcessDefinitionKey());
  }

  @Test
  void severalResourcesDeployInOneCall() {
    DeploymentEvent deployment =
        deploy(oneTaskProcess(id("a"), id("job-a")), oneTaskProcess(id("b"), id("job-b")));

    assertThat(deployment.getProcesses())
        .extracting(Process::getBpmnProcessId, Process::getVersion, Process::getResourceName)
        .containsExactlyInAnyOrder(
            tuple(id("a"), 1, id("a") + ".bpmn"), tuple(id("b"), 1, id("b") + ".bpmn"));
  }

  @Test
  void deploymentIsAtomicWhenOneResourceIsInvalid() {
    String valid = Bpmn.convertToString(oneTaskProcess(id("valid"), id("job")));
    String invalid = Bpmn.convertToString(processWithUntypedServiceTask(id("invalid")));

    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceStringUtf8(valid, id("valid") + ".bpmn")
                    .addResourceStringUtf8(invalid, id("invalid") + ".bpmn")
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    Rejection noSuchProcess = Rejection.of(() -> start(id("valid")));
    assertThat(noSuchProcess.code())
        .as("the valid resource of a rejected deployment must not be deployed")
        .isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void invalidProcessIsRejectedNamingResourceElementAndReason() {
    String invalid = Bpmn.convertToString(processWithUntypedServiceTask(id));

    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceStringUtf8(invalid, id + ".bpmn")
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description())
        .contains(id + ".bpmn")
        .contains("untyped-task")
        .containsIgnoringCase("taskDefinition");
  }

  @Test
  void eventBasedGatewayLeadingToATaskIsRejectedNamingTheGateway() {
    // The DeployResource reference names this as its example of invalid content.
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .eventBasedGateway("event-gateway")
            .serviceTask("not-an-event", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .moveToLastGateway()
            .intermediateCatchEvent("one-hour")
            .timerWithDuration("PT1H")
            .endEvent()
            .done();

    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceStringUtf8(Bpmn.convertToString(model), id + ".bpmn")
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains("event-gateway");
  }

  @Test
  void unsupportedResourceTypeIsRejectedNamingTheResource() {
    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceBytes(
                        "just some notes".getBytes(StandardCharsets.UTF_8), id + ".txt")
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains(id + ".txt");
  }

  private BpmnModelInstance processWithUntypedServiceTask(String processId) {
    // A service task must have exactly one zeebe:taskDefinition; this one has none.
    return Bpmn.createExecutableProcess(processId)
        .startEvent()
        .serviceTask("untyped-task")
        .endEvent()
        .done();
  }
}
