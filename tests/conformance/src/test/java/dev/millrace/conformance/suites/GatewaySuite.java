package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gateways: exclusive (first fulfilled condition, default flow), parallel fork and join, inclusive
 * fork on every fulfilled condition and join, event-based (the first event wins). The no-match
 * incidents are in IncidentSuite, except the inclusive one.
 *
 * <p>Docs: components/modeler/bpmn/exclusive-gateways, parallel-gateways, inclusive-gateways,
 * event-based-gateways.
 */
@Tag("gateways")
public abstract class GatewaySuite extends ConformanceSuite {

  @Test
  void exclusiveGatewayTakesTheFirstFlowWhoseConditionHolds() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .exclusiveGateway("size")
            .conditionExpression("amount > 100")
            .endEvent("huge")
            .moveToLastExclusiveGateway()
            .conditionExpression("amount > 10")
            .endEvent("large")
            .moveToLastExclusiveGateway()
            .defaultFlow()
            .endEvent("small")
            .done());

    long huge = start(id, Map.of("amount", 500));
    long large = start(id, Map.of("amount", 50));

    awaitPath(huge, "start", "size", "huge");
    awaitPath(large, "start", "size", "large");
  }

  @Test
  void exclusiveGatewayTakesTheDefaultFlowWhenNoConditionHolds() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .exclusiveGateway("size")
            .conditionExpression("amount > 100")
            .endEvent("large")
            .moveToLastExclusiveGateway()
            .defaultFlow()
            .endEvent("small")
            .done());

    long instance = start(id, Map.of("amount", 5));

    awaitCompleted(instance);
    awaitPath(instance, "start", "size", "small");
  }

  @Test
  void parallelGatewayForksAndJoinsOnceAllBranchesArrive() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .parallelGateway("fork")
            .serviceTask("pack", t -> t.zeebeJobType(id("pack")))
            .parallelGateway("join")
            .endEvent("end")
            .moveToNode("fork")
            .serviceTask("invoice", t -> t.zeebeJobType(id("invoice")))
            .connectTo("join")
            .done());
    long instance = start(id);

    completeNextJob(id("pack"), Map.of());
    ActivatedJob invoice = awaitJob(id("invoice"));
    assertStillWaitingAt(instance, "invoice");
    assertThat(inspector.completedElementIds(instance)).doesNotContain("join");
    complete(invoice);

    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .containsSubsequence("start", "fork", "pack", "invoice", "join", "end")
                    .filteredOn("join"::equals)
                    .hasSize(1));
  }

  @Test
  void inclusiveGatewayTakesEveryFulfilledFlowAndJoinsThem() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .inclusiveGateway("courses")
            .conditionExpression("list contains(courses, \"pasta\")")
            .serviceTask("cook-pasta", t -> t.zeebeJobType(id("pasta")))
            .inclusiveGateway("serve")
            .endEvent("end")
            .moveToNode("courses")
            .conditionExpression("list contains(courses, \"steak\")")
            .serviceTask("fry-steak", t -> t.zeebeJobType(id("steak")))
            .connectTo("serve")
            .moveToNode("courses")
            .conditionExpression("list contains(courses, \"salad\")")
            .serviceTask("prepare-salad", t -> t.zeebeJobType(id("salad")))
            .connectTo("serve")
            .done());
    long instance = start(id, Map.of("courses", List.of("pasta", "salad")));

    completeNextJob(id("pasta"), Map.of());
    assertStillWaitingAt(instance, "prepare-salad");
    completeNextJob(id("salad"), Map.of());

    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .contains("cook-pasta", "prepare-salad")
                    .doesNotContain("fry-steak")
                    .filteredOn("serve"::equals)
                    .hasSize(1));
    assertNoJobDuringQuietPeriod(id("steak"));
  }

  @Test
  void inclusiveGatewayTakesTheDefaultFlowWhenNoConditionHolds() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .inclusiveGateway("courses")
            .conditionExpression("list contains(courses, \"pasta\")")
            .endEvent("pasta")
            .moveToLastInclusiveGateway()
            .defaultFlow()
            .endEvent("salad")
            .done());

    long instance = start(id, Map.of("courses", List.of()));

    awaitCompleted(instance);
    awaitPath(instance, "start", "courses", "salad");
  }

  @Test
  void inclusiveGatewayWithoutFulfilledConditionOrDefaultRaisesAConditionIncident() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .inclusiveGateway("courses")
            .conditionExpression("list contains(courses, \"pasta\")")
            .endEvent("pasta")
            .moveToLastInclusiveGateway()
            .conditionExpression("list contains(courses, \"steak\")")
            .endEvent("steak")
            .done());

    long instance = start(id, Map.of("courses", List.of("soup")));

    var incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("CONDITION_ERROR");
    assertThat(incident.elementId()).isEqualTo("courses");
  }

  @Test
  void eventBasedGatewayFollowsTheMessageWhenItArrivesFirst() {
    long instance = startEventBasedGatewayProcess();

    client
        .newPublishMessageCommand()
        .messageName(id("payment"))
        .correlationKey("order-1")
        .timeToLive(Duration.ofHours(1))
        .send()
        .join();

    awaitCompleted(instance);
    awaitPath(instance, "start", "wait-for-first", "payment-received", "paid");
    engine.increaseTime(Duration.ofHours(2));
    assertNeverCompletesDuringQuietPeriod(instance, "one-hour-passed");
  }

  @Test
  void eventBasedGatewayFollowsTheTimerWhenItFiresFirst() {
    long instance = startEventBasedGatewayProcess();
    awaitActive(instance, "wait-for-first");

    engine.increaseTime(Duration.ofMinutes(61));

    awaitCompleted(instance);
    awaitPath(instance, "start", "wait-for-first", "one-hour-passed", "reminded");
  }

  private long startEventBasedGatewayProcess() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .eventBasedGateway("wait-for-first")
            .intermediateCatchEvent(
                "payment-received",
                e -> e.message(m -> m.name(id("payment")).zeebeCorrelationKeyExpression("orderId")))
            .endEvent("paid")
            .moveToLastGateway()
            .intermediateCatchEvent("one-hour-passed")
            .timerWithDuration("PT1H")
            .endEvent("reminded")
            .done());
    return start(id, Map.of("orderId", "order-1"));
  }
}
