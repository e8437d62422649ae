package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

class ThrowEventFlowTest {

  private final TestEngine engine = new TestEngine();

  @Test
  void signalEndEventTriggersASignalBoundaryElsewhere() {
    engine.deploy(
        Bpmn.createExecutableProcess("listener")
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("listen"))
            .boundaryEvent("stop", b -> b.signal("halt"))
            .endEvent("stopped")
            .moveToActivity("work")
            .endEvent()
            .done());
    engine.deploy(
        "sender.bpmn",
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("sender")
                .startEvent()
                .endEvent("send", e -> e.signal("halt"))
                .done()));
    long listener = engine.createInstance("listener", "{}");
    long sender = engine.createInstance("sender", "{}");
    assertThat(engine.isCompleted(sender)).isTrue();
    assertThat(engine.completedElements(listener)).contains("stop", "stopped");
    assertThat(engine.processor.state().jobs().all()).isEmpty();
  }

  @Test
  void messageThrowEventIsAJob() {
    engine.deploy(
        Bpmn.createExecutableProcess("notify")
            .startEvent()
            .intermediateThrowEvent("mail", e -> e.message("sent").zeebeJobType("mailer"))
            .endEvent()
            .done());
    long instance = engine.createInstance("notify", "{}");
    var job = engine.activate("mailer", 1);
    assertThat(job).hasSize(1);
    assertThat(job.getFirst().record().elementId()).isEqualTo("mail");
    engine.complete(job.getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void noneThrowEventAndManualTaskPassThrough() {
    engine.deploy(
        Bpmn.createExecutableProcess("pass")
            .startEvent()
            .intermediateThrowEvent("milestone")
            .manualTask("manual")
            .endEvent()
            .done());
    long instance = engine.createInstance("pass", "{}");
    assertThat(engine.completedElements(instance)).containsSubsequence("milestone", "manual");
  }
}
