package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.ErrorType;
import io.camunda.zeebe.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

class GatewayFlowTest {

  private final TestEngine engine = new TestEngine();

  private void deployExclusive() {
    engine.deploy(
        Bpmn.createExecutableProcess("route")
            .startEvent("start")
            .exclusiveGateway("split")
            .condition("=x > 10")
            .endEvent("big")
            .moveToLastExclusiveGateway()
            .condition("=x > 5")
            .endEvent("medium")
            .done());
  }

  @Test
  void exclusiveGatewayTakesTheFirstTrueCondition() {
    deployExclusive();
    long instance = engine.createInstance("route", "{\"x\":11}");
    assertThat(engine.completedElements(instance))
        .containsExactly("start", "split", "big", "route");
  }

  @Test
  void exclusiveGatewayWithoutMatchRaisesAnIncidentThatResolvesAfterFixingVariables() {
    deployExclusive();
    long instance = engine.createInstance("route", "{\"x\":1}");

    var incidents = engine.incidents(instance);
    assertThat(incidents).hasSize(1);
    var incident = incidents.getFirst().getValue();
    assertThat(incident.errorType()).isEqualTo(ErrorType.CONDITION_ERROR);
    assertThat(incident.elementId()).isEqualTo("split");
    assertThat(incident.errorMessage())
        .contains("Expected at least one condition to evaluate to true");

    engine.setVariables(instance, "{\"x\":7}", true);
    engine.resolve(incidents.getFirst().getKey());

    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.completedElements(instance)).contains("medium");
  }

  @Test
  void exclusiveGatewayConditionOnMissingVariableIsAnIncidentNamingIt() {
    deployExclusive();
    long instance = engine.createInstance("route", "{}");
    var incident = engine.incidents(instance).getFirst().getValue();
    assertThat(incident.errorMessage())
        .contains("'x > 10'")
        .contains("No variable found with name 'x'");
  }

  @Test
  void exclusiveGatewayDefaultFlow() {
    engine.deploy(
        Bpmn.createExecutableProcess("def")
            .startEvent()
            .exclusiveGateway("split")
            .defaultFlow()
            .endEvent("fallback")
            .moveToLastExclusiveGateway()
            .condition("=false")
            .endEvent("never")
            .done());
    long instance = engine.createInstance("def", "{}");
    assertThat(engine.completedElements(instance)).contains("fallback").doesNotContain("never");
  }

  @Test
  void parallelGatewayJoinsBothBranchesOnce() {
    engine.deploy(
        Bpmn.createExecutableProcess("par")
            .startEvent()
            .parallelGateway("fork")
            .serviceTask("a", t -> t.zeebeJobType("a"))
            .parallelGateway("join")
            .endEvent("end")
            .moveToNode("fork")
            .serviceTask("b", t -> t.zeebeJobType("b"))
            .connectTo("join")
            .done());
    long instance = engine.createInstance("par", "{}");
    var a = engine.activate("a", 1).getFirst();
    var b = engine.activate("b", 1).getFirst();
    engine.complete(a.key(), "{\"fromA\":1}");
    assertThat(engine.isCompleted(instance)).isFalse();
    assertThat(engine.activeElements(instance)).containsExactly("b");
    engine.complete(b.key(), "{\"fromB\":2}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.completedElements(instance).stream().filter("join"::equals)).hasSize(1);
    assertThat(engine.finalVariables(instance)).containsEntry("fromA", 1).containsEntry("fromB", 2);
  }

  @Test
  void inclusiveGatewayForksTrueBranchesAndJoinsOnlyThose() {
    engine.deploy(
        Bpmn.createExecutableProcess("inc")
            .startEvent()
            .inclusiveGateway("fork")
            .conditionExpression("= a")
            .serviceTask("taskA", t -> t.zeebeJobType("a"))
            .inclusiveGateway("join")
            .endEvent("end")
            .moveToNode("fork")
            .conditionExpression("= b")
            .serviceTask("taskB", t -> t.zeebeJobType("b"))
            .connectTo("join")
            .moveToNode("fork")
            .conditionExpression("= c")
            .serviceTask("taskC", t -> t.zeebeJobType("c"))
            .connectTo("join")
            .done());
    long instance = engine.createInstance("inc", "{\"a\":true,\"b\":false,\"c\":true}");
    assertThat(engine.activeElements(instance)).containsExactly("taskA", "taskC");
    engine.complete(engine.activate("a", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isFalse();
    engine.complete(engine.activate("c", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.completedElements(instance).stream().filter("join"::equals)).hasSize(1);
  }

  @Test
  void eventBasedGatewayTakesTheFirstEvent() {
    engine.deploy(
        Bpmn.createExecutableProcess("ebg")
            .startEvent()
            .eventBasedGateway("wait")
            .intermediateCatchEvent(
                "paid",
                e -> e.message(m -> m.name("payment").zeebeCorrelationKeyExpression("orderId")))
            .endEvent("done")
            .moveToNode("wait")
            .intermediateCatchEvent("timeout", e -> e.timerWithDuration("PT1H"))
            .endEvent("expired")
            .done());
    long instance = engine.createInstance("ebg", "{\"orderId\":\"o-1\"}");
    engine.publish("payment", "o-1", 0, "{\"amount\":5}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.completedElements(instance))
        .contains("paid", "done")
        .doesNotContain("timeout");
    assertThat(engine.finalVariables(instance)).containsEntry("amount", 5);
    assertThat(engine.processor.state().timers().all()).isEmpty();

    long second = engine.createInstance("ebg", "{\"orderId\":\"o-2\"}");
    engine.advance(java.time.Duration.ofHours(2));
    assertThat(engine.completedElements(second)).contains("timeout", "expired");
    assertThat(engine.processor.state().messages().allSubscriptions()).isEmpty();
  }
}
