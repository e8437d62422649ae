package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.ProcessInstanceState;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.PublishMessageResponse;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PublishMessage and message events: start event, intermediate catch event, receive task,
 * interrupting and non-interrupting boundary events; correlation by name and key, once per process;
 * buffering for the time-to-live and expiry after it; de-duplication by message id; variables.
 *
 * <p>Docs: components/concepts/messages, components/modeler/bpmn/message-events,
 * apis-tools/zeebe-api/gateway-service (PublishMessage).
 */
@Tag("messages")
public abstract class MessageSuite extends ConformanceSuite {

  private static final Duration BUFFERED = Duration.ofHours(1);

  private String message() {
    return id("message");
  }

  private PublishMessageResponse publish(
      String correlationKey, Duration timeToLive, Map<String, Object> variables) {
    return client
        .newPublishMessageCommand()
        .messageName(message())
        .correlationKey(correlationKey)
        .timeToLive(timeToLive)
        .variables(variables)
        .send()
        .join();
  }

  private void deployCatchEventProcess() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent(
                "payment-received",
                e -> e.message(m -> m.name(message()).zeebeCorrelationKeyExpression("orderId")))
            .endEvent("end")
            .done());
  }

  @Test
  void messageStartEventCreatesAnInstanceWithTheMessageVariables() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("order-placed")
            .message(message())
            .serviceTask("handle", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());

    PublishMessageResponse published =
        publish("order-1", Duration.ZERO, Map.of("orderId", "order-1", "amount", 12));

    assertThat(published.getMessageKey()).isPositive();
    ActivatedJob job = awaitJob(id("job"));
    assertThat(job.getBpmnProcessId()).isEqualTo(id);
    assertThat(job.getVariablesAsMap()).isEqualTo(Map.of("orderId", "order-1", "amount", 12));
  }

  @Test
  void messageIsCorrelatedToTheInstanceWithTheMatchingKeyOnly() {
    deployCatchEventProcess();
    long first = start(id, Map.of("orderId", "order-1"));
    long second = start(id, Map.of("orderId", "order-2"));

    publish("order-2", BUFFERED, Map.of("paid", true));

    awaitCompleted(second);
    awaitPath(second, "start", "payment-received", "end");
    awaitVariables(second, Map.of("orderId", "order-2", "paid", true));
    assertStillWaitingAt(first, "payment-received");
  }

  @Test
  void receiveTaskCompletesOnItsMessage() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .receiveTask(
                "await-payment",
                r -> r.message(m -> m.name(message()).zeebeCorrelationKeyExpression("orderId")))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("orderId", "order-1"));

    publish("order-1", BUFFERED, Map.of());

    awaitCompleted(instance);
    awaitPath(instance, "start", "await-payment", "end");
  }

  @Test
  void interruptingMessageBoundaryEventTerminatesTheTask() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("ship", t -> t.zeebeJobType(id("job")))
            .endEvent("shipped")
            .moveToActivity("ship")
            .boundaryEvent("order-cancelled")
            .message(m -> m.name(message()).zeebeCorrelationKeyExpression("orderId"))
            .endEvent("cancelled")
            .done());
    long instance = start(id, Map.of("orderId", "order-1"));
    ActivatedJob job = awaitJob(id("job"));

    publish("order-1", BUFFERED, Map.of("reason", "customer"));

    awaitCompleted(instance);
    awaitPath(instance, "start", "order-cancelled", "cancelled");
    awaitVariables(instance, Map.of("reason", "customer"));
    assertThat(Rejection.of(() -> complete(job)).code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void nonInterruptingMessageBoundaryEventFiresForEachMessageAndTheTaskGoesOn() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("ship", t -> t.zeebeJobType(id("job")))
            .endEvent("shipped")
            .moveToActivity("ship")
            .boundaryEvent("address-changed")
            .cancelActivity(false)
            .message(m -> m.name(message()).zeebeCorrelationKeyExpression("orderId"))
            .endEvent("address-noted")
            .done());
    long instance = start(id, Map.of("orderId", "order-1"));
    ActivatedJob job = awaitJob(id("job"));

    publish("order-1", BUFFERED, Map.of());
    await()
        .untilAsserted(
            () -> assertThat(inspector.completedElementIds(instance)).contains("address-noted"));
    publish("order-1", BUFFERED, Map.of());
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .filteredOn("address-noted"::equals)
                    .hasSize(2));

    assertThat(inspector.state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
    complete(job);
    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .containsSubsequence("start", "ship", "shipped")
                    .filteredOn("address-changed"::equals)
                    .hasSize(2));
  }

  @Test
  void bufferedMessageIsCorrelatedToAnInstanceCreatedWithinItsTimeToLive() {
    deployCatchEventProcess();

    publish("order-1", BUFFERED, Map.of("paid", true));
    long instance = start(id, Map.of("orderId", "order-1"));

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("paid", true));
  }

  @Test
  void messageWithoutTimeToLiveIsNotBuffered() {
    deployCatchEventProcess();

    publish("order-1", Duration.ZERO, Map.of("first", true));
    long instance = start(id, Map.of("orderId", "order-1"));

    awaitActive(instance, "payment-received");
    assertStillWaitingAt(instance, "payment-received");
    publish("order-1", BUFFERED, Map.of("second", true));
    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("second", true))).doesNotContainKey("first");
  }

  @Test
  void bufferedMessageExpiresAfterItsTimeToLive() {
    deployCatchEventProcess();

    publish("order-1", Duration.ofMinutes(10), Map.of("stale", true));
    engine.increaseTime(Duration.ofMinutes(11));
    long instance = start(id, Map.of("orderId", "order-1"));

    awaitActive(instance, "payment-received");
    assertStillWaitingAt(instance, "payment-received");
    assertThat(inspector.variables(instance)).doesNotContainKey("stale");
  }

  @Test
  void messageIsCorrelatedOnlyOnceAmongInstancesOfTheSameProcess() {
    deployCatchEventProcess();
    long first = start(id, Map.of("orderId", "order-1"));
    long second = start(id, Map.of("orderId", "order-1"));
    awaitActive(first, "payment-received");
    awaitActive(second, "payment-received");

    publish("order-1", Duration.ZERO, Map.of());

    await()
        .untilAsserted(
            () ->
                assertThat(List.of(inspector.state(first), inspector.state(second)))
                    .containsExactlyInAnyOrder(
                        ProcessInstanceState.COMPLETED, ProcessInstanceState.ACTIVE));
    long waiting = inspector.state(first) == ProcessInstanceState.ACTIVE ? first : second;
    assertStillWaitingAt(waiting, "payment-received");
  }

  @Test
  void messageWithAnIdStillBufferedIsRejectedAsAlreadyExisting() {
    client
        .newPublishMessageCommand()
        .messageName(message())
        .correlationKey("order-1")
        .timeToLive(BUFFERED)
        .messageId(id("message-id"))
        .send()
        .join();

    Rejection duplicate =
        Rejection.of(
            () ->
                client
                    .newPublishMessageCommand()
                    .messageName(message())
                    .correlationKey("order-1")
                    .timeToLive(BUFFERED)
                    .messageId(id("message-id"))
                    .send()
                    .join());

    assertThat(duplicate.code()).isEqualTo(Code.ALREADY_EXISTS);
  }

  @Test
  void messageIdIsUniqueOnlyPerNameAndCorrelationKey() {
    List<Long> keys = new ArrayList<>();
    for (String correlationKey : List.of("order-1", "order-2")) {
      keys.add(
          client
              .newPublishMessageCommand()
              .messageName(message())
              .correlationKey(correlationKey)
              .timeToLive(BUFFERED)
              .messageId(id("message-id"))
              .send()
              .join()
              .getMessageKey());
    }

    assertThat(keys).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).isPositive());
  }

  @Test
  void outputMappingDecidesWhichMessageVariablesAreMerged() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent(
                "payment-received",
                e ->
                    e.message(m -> m.name(message()).zeebeCorrelationKeyExpression("orderId"))
                        .zeebeOutputExpression("amount", "paidAmount"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("orderId", "order-1"));

    publish("order-1", BUFFERED, Map.of("amount", 12, "card", "4111"));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("paidAmount", 12)))
        .isEqualTo(Map.of("orderId", "order-1", "paidAmount", 12));
  }

  @Test
  void messageStartEventDoesNotStartASecondInstanceForAnActiveCorrelationKey() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("order-placed")
            .message(message())
            .serviceTask("handle", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    publish("order-1", Duration.ZERO, Map.of("n", 1));
    ActivatedJob firstJob = awaitJob(id("job"));

    publish("order-1", Duration.ZERO, Map.of("n", 2));

    assertNoJobDuringQuietPeriod(id("job"));
    assertThat(firstJob.getVariablesAsMap()).containsEntry("n", 1);
  }
}
