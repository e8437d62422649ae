package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.ValueType;
import io.camunda.zeebe.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

class ServiceTaskFlowTest {

  private final TestEngine engine = new TestEngine();

  @Test
  void jobCompletionCompletesTheInstanceWithItsVariables() {
    var deployed =
        engine.deploy(
            Bpmn.createExecutableProcess("order")
                .startEvent("start")
                .serviceTask("charge", t -> t.zeebeJobType("payment"))
                .endEvent("end")
                .done());
    assertThat(deployed.rejected()).as(deployed.rejectionReason).isFalse();

    long instance = engine.createInstance("order", "{\"amount\":42}");
    var jobs = engine.activate("payment", 10);

    assertThat(jobs).hasSize(1);
    assertThat(jobs.getFirst().record().variables()).isEqualTo("{\"amount\":42}");
    assertThat(jobs.getFirst().record().elementId()).isEqualTo("charge");
    assertThat(engine.isCompleted(instance)).isFalse();

    var answer = engine.complete(jobs.getFirst().key(), "{\"paid\":true}");

    assertThat(answer.rejected()).isFalse();
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.completedElements(instance))
        .containsExactly("start", "charge", "end", "order");
    assertThat(engine.events(ValueType.JOB).filter(r -> r.intent() == JobIntent.COMPLETED))
        .hasSize(1);
    assertThat(engine.processor.state().elementInstances().size()).isZero();
  }

  @Test
  void completingAnUnknownJobIsNotFound() {
    var answer = engine.complete(123, "{}");

    assertThat(answer.rejectionType).hasToString("NOT_FOUND");
    assertThat(answer.rejectionReason).contains("'123'");
  }
}
