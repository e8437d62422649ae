package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Malformed input gets a clear rejection, never a crash or a wedged engine: after every bad request
 * a good one (deploy, create with result) still works.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (DeployResource: "not deserializable (e.g. broken
 * XML)", "content is invalid"; variables "must be a JSON object"), components/concepts/variables (4
 * MB payload limit); gRPC's own RESOURCE_EXHAUSTED for a message above the server's limit.
 */
@Tag("malformed-input")
public abstract class MalformedInputSuite extends ConformanceSuite {

  private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

  private RawGateway raw;

  @BeforeEach
  void openRawGateway() {
    raw = new RawGateway(engine.grpcAddress());
  }

  @AfterEach
  void closeRawGateway() {
    raw.close();
  }

  private Rejection deployRejection(String resourceName, String content) {
    return Rejection.of(
        () ->
            client
                .newDeployResourceCommand()
                .addResourceStringUtf8(content, resourceName)
                .send()
                .join());
  }

  private String definitions(String processBody) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="%s" id="definitions" targetNamespace="http://millrace.dev/test">
          <bpmn:process id="%s" isExecutable="true">
            %s
          </bpmn:process>
        </bpmn:definitions>
        """
        .formatted(BPMN_NS, id, processBody);
  }

  /** The engine still deploys, runs and answers after the bad request. */
  private void assertEngineStillServes() {
    String processId = id("still-serving");
    deploy(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .scriptTask("echo", s -> s.zeebeExpression("x + 1").zeebeResultVariable("y"))
            .endEvent()
            .done());
    ProcessInstanceResult result =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .variables(Map.of("x", 1))
            .withResult()
            .send()
            .join();
    assertThat(result.getVariablesAsMap()).containsEntry("y", 2);
  }

  @Test
  void brokenXmlIsRejectedNamingTheResource() {
    String truncated = definitions("<bpmn:startEvent id=\"start\"/>").substring(0, 180);

    Rejection rejection = deployRejection(id + ".bpmn", truncated);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains(id + ".bpmn");
    assertEngineStillServes();
  }

  @Test
  void xmlThatIsNotBpmnIsRejected() {
    Rejection rejection = deployRejection(id + ".bpmn", "<html><body>not a process</body></html>");

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains(id + ".bpmn");
    assertEngineStillServes();
  }

  @Test
  void elementUnknownToBpmnIsRejectedNamingIt() {
    String content =
        definitions(
            """
            <bpmn:startEvent id="start"/>
            <bpmn:frobnicateTask id="frobnicate"/>
            """);

    Rejection rejection = deployRejection(id + ".bpmn", content);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains("frobnicate");
    assertEngineStillServes();
  }

  @Test
  void bpmnElementTheEngineDoesNotSupportIsRejectedNamingIt() {
    String content =
        definitions(
            """
            <bpmn:startEvent id="start"><bpmn:outgoing>to-complex</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="to-complex" sourceRef="start" targetRef="complex-decision"/>
            <bpmn:complexGateway id="complex-decision"><bpmn:incoming>to-complex</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing></bpmn:complexGateway>
            <bpmn:sequenceFlow id="to-end" sourceRef="complex-decision" targetRef="end"/>
            <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
            """);

    Rejection rejection = deployRejection(id + ".bpmn", content);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains("complex-decision");
    assertEngineStillServes();
  }

  @Test
  void processThatIsNotExecutableIsRejected() {
    String content =
        definitions("<bpmn:startEvent id=\"start\"/>")
            .replace("isExecutable=\"true\"", "isExecutable=\"false\"");

    Rejection rejection = deployRejection(id + ".bpmn", content);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertEngineStillServes();
  }

  @Test
  void unparsableFeelConditionIsRejectedNamingTheSequenceFlow() {
    String model =
        Bpmn.convertToString(
            Bpmn.createExecutableProcess(id)
                .startEvent()
                .exclusiveGateway("check")
                .sequenceFlowId("too-big")
                .conditionExpression("amount >")
                .endEvent()
                .moveToLastExclusiveGateway()
                .defaultFlow()
                .endEvent()
                .done());

    Rejection rejection = deployRejection(id + ".bpmn", model);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains("too-big");
    assertEngineStillServes();
  }

  @Test
  void unparsableFeelMappingIsRejectedNamingTheTask() {
    String model =
        Bpmn.convertToString(
            Bpmn.createExecutableProcess(id)
                .startEvent()
                .serviceTask(
                    "broken-mapping",
                    t -> t.zeebeJobType(id("job")).zeebeInputExpression("a +* b", "c"))
                .endEvent()
                .done());

    Rejection rejection = deployRejection(id + ".bpmn", model);

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(rejection.description()).contains("broken-mapping");
    assertEngineStillServes();
  }

  @Test
  void payloadAboveTheMessageLimitIsResourceExhausted() {
    deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done());
    String sixMegabytes = "x".repeat(6 * 1024 * 1024);

    Rejection rejection = Rejection.of(() -> start(id, Map.of("blob", sixMegabytes)));

    assertThat(rejection.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    assertEngineStillServes();
  }

  @Test
  void variablesThatAreNotJsonAreInvalidArgument() {
    deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done());

    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .createProcessInstance(
                        CreateProcessInstanceRequest.newBuilder()
                            .setBpmnProcessId(id)
                            .setVersion(-1)
                            .setVariables("{\"unterminated\": ")
                            .build()));

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertEngineStillServes();
  }

  @Test
  void variablesThatAreAJsonArrayAreInvalidArgument() {
    deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done());

    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .createProcessInstance(
                        CreateProcessInstanceRequest.newBuilder()
                            .setBpmnProcessId(id)
                            .setVersion(-1)
                            .setVariables("[{\"a\": 1}]")
                            .build()));

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertEngineStillServes();
  }

  @Test
  void setVariablesWithAJsonArrayIsInvalidArgument() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
    long instance = start(id);

    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .setVariables(
                        SetVariablesRequest.newBuilder()
                            .setElementInstanceKey(instance)
                            .setVariables("[1, 2]")
                            .build()));

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertEngineStillServes();
  }

  @Test
  void messageVariablesThatAreNotAnObjectAreInvalidArgument() {
    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .publishMessage(
                        PublishMessageRequest.newBuilder()
                            .setName(id("message"))
                            .setCorrelationKey("k")
                            .setVariables("\"just a string\"")
                            .build()));

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertEngineStillServes();
  }

  @Test
  void unknownKeysAreNotFoundWithTheKeyInTheMessage() {
    // Keys of partition 1 (Zeebe keys carry their partition in the top bits) that were never
    // handed out: the documented answer is NOT_FOUND, and a clear one names the key.
    for (long unknown :
        new long[] {2251799813685249L + 987_654_321L, 2251799813685249L + 876_543_210L}) {
      Rejection rejection = Rejection.of(() -> client.newCompleteCommand(unknown).send().join());

      assertThat(rejection.code()).as("completing job %d", unknown).isEqualTo(Code.NOT_FOUND);
      assertThat(rejection.description()).contains(Long.toString(unknown));
    }
    assertEngineStillServes();
  }
}
