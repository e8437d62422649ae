package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.BroadcastSignalResponse;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BroadcastSignal: a signal starts one instance of every process with a matching signal start event
 * and triggers every waiting signal catch event, passing its variables along.
 *
 * <p>Docs: components/modeler/bpmn/signal-events, apis-tools/zeebe-api/gateway-service
 * (BroadcastSignal).
 */
@Tag("signals")
public abstract class SignalSuite extends ConformanceSuite {

  private String signal() {
    return id("signal");
  }

  private BroadcastSignalResponse broadcast(Map<String, Object> variables) {
    return client
        .newBroadcastSignalCommand()
        .signalName(signal())
        .variables(variables)
        .send()
        .join();
  }

  @Test
  void signalStartsAnInstanceOfEachProcessWithAMatchingStartEvent() {
    for (String processId : new String[] {id("a"), id("b")}) {
      deploy(
          Bpmn.createExecutableProcess(processId)
              .startEvent("signalled")
              .signal(signal())
              .serviceTask("task", t -> t.zeebeJobType(id("job")))
              .endEvent()
              .done());
    }

    BroadcastSignalResponse response = broadcast(Map.of("reason", "recall"));

    assertThat(response.getKey()).isPositive();
    ActivatedJob first = awaitJob(id("job"));
    ActivatedJob second = awaitJob(id("job"));
    assertThat(List.of(first.getBpmnProcessId(), second.getBpmnProcessId()))
        .containsExactlyInAnyOrder(id("a"), id("b"));
    assertThat(first.getVariablesAsMap()).isEqualTo(Map.of("reason", "recall"));
    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void signalTriggersEveryWaitingCatchEvent() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent("recall")
            .signal(signal())
            .endEvent("end")
            .done());
    long first = start(id);
    long second = start(id);
    awaitActive(first, "recall");
    awaitActive(second, "recall");

    broadcast(Map.of("recalled", true));

    for (long instance : new long[] {first, second}) {
      awaitCompleted(instance);
      awaitPath(instance, "start", "recall", "end");
      awaitVariables(instance, Map.of("recalled", true));
    }
  }

  @Test
  void signalWithoutSubscribersIsAcceptedAndDoesNothing() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent("recall")
            .signal(id("another-signal"))
            .endEvent("end")
            .done());
    long instance = start(id);
    awaitActive(instance, "recall");

    BroadcastSignalResponse response = broadcast(Map.of());

    assertThat(response.getKey()).isPositive();
    assertStillWaitingAt(instance, "recall");
  }
}
