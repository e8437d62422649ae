package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input against a running engine: each bad request gets a clear gRPC error naming what
 * and where, and afterwards (checked after every test) the engine is healthy and still deploys,
 * creates, activates, completes and answers. See {@link PayloadLimitsTest} for oversized input.
 */
class MalformedInputTest {

  static final String BPMN_HEAD =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          id="defs" targetNamespace="http://millrace.dev/tests">
      """;

  @TempDir static Path data;
  static MillraceEngine engine;
  static CamundaClient client;

  @BeforeAll
  static void start() {
    engine = MillraceEngine.builder().dataDirectory(data).grpcPort(0).build().start();
    client = EngineClients.connect(engine.grpcPort());
    StillServes.deploy(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  /** After every bad request: healthy, and a whole good round trip still works. */
  @AfterEach
  void engineStillServes() {
    StillServes.assertStillServes(engine, client);
  }

  // ------------------------------------------------------------------ XML

  @Test
  void brokenXmlNamesLineAndColumn() {
    String xml =
        BPMN_HEAD
            + """
              <bpmn:process id="broken" isExecutable="true">
                <bpmn:startEvent id="start">
              </bpmn:process>
            </bpmn:definitions>
            """;
    assertRejected(deploy("broken.bpmn", xml), Status.Code.INVALID_ARGUMENT, "broken.bpmn")
        .containsPattern("line 8, column \\d+");
  }

  @Test
  void bytesThatAreNotXmlAreRefused() {
    var garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    assertRejected(deploy("garbage.bpmn", garbage), Status.Code.INVALID_ARGUMENT, "garbage.bpmn");
    assertRejected(deploy("empty.bpmn", new byte[0]), Status.Code.INVALID_ARGUMENT, "empty.bpmn");
  }

  /** A byte that is not UTF-8 in the middle of an otherwise fine document: where is it? */
  @Test
  void invalidUtf8IsLocated() {
    byte[] head =
        (BPMN_HEAD
                + "  <bpmn:process id=\"latin\" isExecutable=\"true\">\n    <bpmn:startEvent id=\"s\" name=\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"/>\n  </bpmn:process>\n</bpmn:definitions>\n".getBytes(StandardCharsets.UTF_8);
    var xml = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, xml, 0, head.length);
    xml[head.length] = (byte) 0xE9; // 'é' in Latin-1, a broken sequence in UTF-8
    System.arraycopy(tail, 0, xml, head.length + 1, tail.length);
    assertRejected(deploy("latin.bpmn", xml), Status.Code.INVALID_ARGUMENT, "latin.bpmn")
        .containsPattern("line 7, column \\d+");
  }

  @Test
  void unknownElementIsNamedWithItsPosition() {
    String xml =
        BPMN_HEAD
            + """
              <bpmn:process id="strange" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:quantumTask id="mystery"/>
              </bpmn:process>
            </bpmn:definitions>
            """;
    assertRejected(deploy("strange.bpmn", xml), Status.Code.INVALID_ARGUMENT, "quantumTask")
        .containsPattern("line 8, column \\d+");
  }

  @Test
  void unsupportedBpmnElementIsNamedByItsId() {
    String xml =
        BPMN_HEAD
            + """
              <bpmn:process id="complex" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="cg"/>
                <bpmn:complexGateway id="cg"/>
                <bpmn:sequenceFlow id="f2" sourceRef="cg" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;
    assertRejected(deploy("complex.bpmn", xml), Status.Code.INVALID_ARGUMENT, "cg")
        .contains("not supported");
  }

  @Test
  void entityExpansionIsRefused() {
    String xml =
        """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
            targetNamespace="t"><bpmn:process id="lolz" isExecutable="true">
        <bpmn:startEvent id="s" name="&lol2;"/></bpmn:process></bpmn:definitions>
        """;
    assertRejected(deploy("lolz.bpmn", xml), Status.Code.INVALID_ARGUMENT, "DOCTYPE");
  }

  @Test
  void deploymentIsAllOrNothing() {
    var good =
        Bpmn.createExecutableProcess("half-of-a-bad-deployment").startEvent().endEvent().done();
    ThrowingCallable call =
        () ->
            client
                .newDeployResourceCommand()
                .addProcessModel(good, "good.bpmn")
                .addResourceStringUtf8("<not-bpmn/>", "bad.bpmn")
                .send()
                .join();
    assertRejected(call, Status.Code.INVALID_ARGUMENT, "bad.bpmn");
    assertRejected(
        () ->
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("half-of-a-bad-deployment")
                .latestVersion()
                .send()
                .join(),
        Status.Code.NOT_FOUND,
        "half-of-a-bad-deployment");
  }

  @Test
  void resourceThatIsNotBpmnIsRefused() {
    assertRejected(
        deploy("decision.dmn", "<definitions/>"), Status.Code.INVALID_ARGUMENT, "decision.dmn");
  }

  // ------------------------------------------------------------------ FEEL

  @Test
  void badFeelInAConditionNamesTheSequenceFlow() {
    var model =
        Bpmn.createExecutableProcess("bad-condition")
            .startEvent()
            .exclusiveGateway("gw")
            .sequenceFlowId("bad-flow")
            .conditionExpression("= a >>> 1")
            .endEvent("e1")
            .moveToNode("gw")
            .sequenceFlowId("other-flow")
            .conditionExpression("= true")
            .endEvent("e2")
            .done();
    assertRejected(deployModel(model), Status.Code.INVALID_ARGUMENT, "bad-flow");
  }

  @Test
  void badFeelInAnInputMappingNamesTheTask() {
    var model =
        Bpmn.createExecutableProcess("bad-mapping")
            .startEvent()
            .serviceTask("mapped", t -> t.zeebeJobType("x").zeebeInputExpression("{a: ", "x"))
            .endEvent()
            .done();
    assertRejected(deployModel(model), Status.Code.INVALID_ARGUMENT, "mapped");
  }

  @Test
  void badFeelInAnOutputMappingNamesTheTask() {
    var model =
        Bpmn.createExecutableProcess("bad-output")
            .startEvent()
            .serviceTask("out", t -> t.zeebeJobType("x").zeebeOutputExpression("1 +* 2", "y"))
            .endEvent()
            .done();
    assertRejected(deployModel(model), Status.Code.INVALID_ARGUMENT, "out");
  }

  @Test
  void badFeelInOtherExpressionsNamesTheElement() {
    var model =
        Bpmn.createExecutableProcess("bad-expressions")
            .startEvent()
            .serviceTask("typed", t -> t.zeebeJobTypeExpression("concat(("))
            .intermediateCatchEvent("timer")
            .timerWithDurationExpression("duration(")
            .intermediateCatchEvent("message")
            .message(m -> m.name("m").zeebeCorrelationKeyExpression("]["))
            .endEvent()
            .done();
    assertRejected(deployModel(model), Status.Code.INVALID_ARGUMENT, "typed")
        .contains("timer")
        .contains("message");
  }

  // ------------------------------------------------------------------ variables

  @Test
  void variablesThatAreNotAnObjectAreRefused() {
    assertRejected(
        () ->
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("still-works")
                .latestVersion()
                .variables("[1, 2, 3]")
                .send()
                .join(),
        Status.Code.INVALID_ARGUMENT,
        "object");
  }

  // ------------------------------------------------------------------ unknown keys

  @Test
  void unknownKeysAreNotFound() {
    long unknown = 2_251_799_813_999_999L;
    assertRejected(() -> client.newCompleteCommand(unknown).send().join(), Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newFailCommand(unknown).retries(1).send().join(), Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newThrowErrorCommand(unknown).errorCode("e").send().join(),
        Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newUpdateRetriesCommand(unknown).retries(3).send().join(),
        Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newUpdateTimeoutCommand(unknown).timeout(Duration.ofMinutes(1)).send().join(),
        Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newCancelInstanceCommand(unknown).send().join(), Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newSetVariablesCommand(unknown).variables(Map.of("a", 1)).send().join(),
        Status.Code.NOT_FOUND);
    assertRejected(
        () -> client.newResolveIncidentCommand(unknown).send().join(), Status.Code.NOT_FOUND);
    assertRejected(
        () ->
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("no-such-process")
                .latestVersion()
                .send()
                .join(),
        Status.Code.NOT_FOUND,
        "no-such-process");
    assertRejected(
        () -> client.newCreateInstanceCommand().processDefinitionKey(unknown).send().join(),
        Status.Code.NOT_FOUND);
    assertRejected(
        () ->
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("still-works")
                .version(999)
                .send()
                .join(),
        Status.Code.NOT_FOUND,
        "still-works");
  }

  // ------------------------------------------------------------------ helpers

  static ThrowingCallable deploy(String name, String xml) {
    return deploy(name, xml.getBytes(StandardCharsets.UTF_8));
  }

  static ThrowingCallable deploy(String name, byte[] content) {
    return () ->
        client
            .newDeployResourceCommand()
            .addResourceBytes(content, name)
            .send()
            .join(30, TimeUnit.SECONDS);
  }

  static ThrowingCallable deployModel(BpmnModelInstance model) {
    return () ->
        client
            .newDeployResourceCommand()
            .addProcessModel(model, "model.bpmn")
            .send()
            .join(30, TimeUnit.SECONDS);
  }

  /** Asserts the gRPC status and that the message names each fragment; returns the message. */
  static org.assertj.core.api.AbstractStringAssert<?> assertRejected(
      ThrowingCallable call, Status.Code code, String... fragments) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected %s", code).isInstanceOf(ClientStatusException.class);
    var status = (ClientStatusException) thrown;
    assertThat(status.getStatusCode()).as("status of: %s", status.getMessage()).isEqualTo(code);
    String message = status.getMessage();
    System.out.printf("[malformed] %s: %s%n", code, message.replace('\n', ' '));
    for (String fragment : fragments) {
      assertThat(message).contains(fragment);
    }
    return assertThat(message);
  }
}
