package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.ProcessInstanceState;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CancelProcessInstance: the instance and everything in it (jobs, called instances) end; unknown
 * and finished instances are NOT_FOUND.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (CancelProcessInstance).
 */
@Tag("cancel")
public abstract class CancelSuite extends ConformanceSuite {

  private void deployOneTaskProcess(String processId, String jobType) {
    deploy(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(jobType))
            .endEvent()
            .done());
  }

  @Test
  void cancelledInstanceIsTerminatedAndItsJobIsGone() {
    deployOneTaskProcess(id, id("job"));
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    client.newCancelInstanceCommand(instance).send().join();

    awaitState(instance, ProcessInstanceState.TERMINATED);
    Rejection completeAfterCancel =
        Rejection.of(() -> client.newCompleteCommand(job.getKey()).send().join());
    assertThat(completeAfterCancel.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void cancellingTheParentTerminatesTheCalledInstance() {
    deployOneTaskProcess(id("child"), id("child-job"));
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .callActivity("call", c -> c.zeebeProcessId(id("child")))
            .endEvent()
            .done());
    long parent = start(id);
    ActivatedJob childJob = awaitJob(id("child-job"));
    assertThat(childJob.getProcessInstanceKey()).isNotEqualTo(parent);

    client.newCancelInstanceCommand(parent).send().join();

    awaitState(parent, ProcessInstanceState.TERMINATED);
    awaitState(childJob.getProcessInstanceKey(), ProcessInstanceState.TERMINATED);
    Rejection completeChildJob =
        Rejection.of(() -> client.newCompleteCommand(childJob.getKey()).send().join());
    assertThat(completeChildJob.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void cancellingAnUnknownInstanceIsNotFound() {
    Rejection rejection =
        Rejection.of(() -> client.newCancelInstanceCommand(2251799813999999L).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void cancellingACompletedInstanceIsNotFound() {
    deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done());
    long instance = start(id);
    awaitCompleted(instance);

    Rejection rejection =
        Rejection.of(() -> client.newCancelInstanceCommand(instance).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
