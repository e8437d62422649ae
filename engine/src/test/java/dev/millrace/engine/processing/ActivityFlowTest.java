package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.ErrorType;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityFlowTest {

  private final TestEngine engine = new TestEngine();

  @Test
  void scriptTaskStoresItsFeelResult() {
    engine.deploy(
        Bpmn.createExecutableProcess("script")
            .startEvent()
            .scriptTask("calc", s -> s.zeebeExpression("a * b").zeebeResultVariable("product"))
            .endEvent()
            .done());
    long instance = engine.createInstance("script", "{\"a\":6,\"b\":7}");
    assertThat(engine.finalVariables(instance)).containsEntry("product", 42);
  }

  @Test
  void inputMappingsAreLocalAndOutputMappingsPropagate() {
    engine.deploy(
        Bpmn.createExecutableProcess("io")
            .startEvent()
            .serviceTask(
                "task",
                t ->
                    t.zeebeJobType("io")
                        .zeebeInputExpression("order.id", "orderId")
                        .zeebeOutputExpression("result.total", "total"))
            .endEvent()
            .done());
    long instance = engine.createInstance("io", "{\"order\":{\"id\":\"o7\"}}");
    var job = engine.activate("io", 1).getFirst();
    assertThat(job.record().variables()).contains("\"orderId\":\"o7\"");
    engine.complete(job.key(), "{\"result\":{\"total\":99},\"scratch\":1}");
    var variables = engine.finalVariables(instance);
    assertThat(variables)
        .containsEntry("total", 99)
        .doesNotContainKey("orderId")
        .doesNotContainKey("scratch");
  }

  @Test
  void jobVariablesWithoutOutputMappingsPropagateToTheInstance() {
    engine.deploy(
        Bpmn.createExecutableProcess("prop")
            .startEvent()
            .serviceTask("t", t -> t.zeebeJobType("prop"))
            .endEvent()
            .done());
    long instance = engine.createInstance("prop", "{}");
    engine.complete(engine.activate("prop", 1).getFirst().key(), "{\"x\":1}");
    assertThat(engine.finalVariables(instance)).containsEntry("x", 1);
  }

  @Test
  void taskHeadersAndExpressionTypeAndRetries() {
    engine.deploy(
        Bpmn.createExecutableProcess("hdr")
            .startEvent()
            .serviceTask(
                "t",
                t ->
                    t.zeebeJobTypeExpression("\"kind-\" + kind")
                        .zeebeJobRetriesExpression("retries + 1")
                        .zeebeTaskHeader("model", "mlp"))
            .endEvent()
            .done());
    engine.createInstance("hdr", "{\"kind\":\"train\",\"retries\":4}");
    var job = engine.activate("kind-train", 1).getFirst();
    assertThat(job.record().retries()).isEqualTo(5);
    assertThat(job.record().customHeaders()).containsEntry("model", "mlp");
  }

  @Test
  void badJobTypeExpressionIsAnIncident() {
    engine.deploy(
        Bpmn.createExecutableProcess("badType")
            .startEvent()
            .serviceTask("t", t -> t.zeebeJobTypeExpression("missing"))
            .endEvent()
            .done());
    long instance = engine.createInstance("badType", "{}");
    var incident = engine.incidents(instance).getFirst().getValue();
    assertThat(incident.errorType()).isEqualTo(ErrorType.EXTRACT_VALUE_ERROR);
    assertThat(incident.elementId()).isEqualTo("t");
  }

  @Test
  void failedJobRetriesThenIncidentThenResolvedAfterRetriesUpdate() {
    engine.deploy(
        Bpmn.createExecutableProcess("flaky")
            .startEvent()
            .serviceTask("t", t -> t.zeebeJobType("flaky").zeebeJobRetries("2"))
            .endEvent()
            .done());
    long instance = engine.createInstance("flaky", "{}");
    var job = engine.activate("flaky", 1).getFirst();
    engine.fail(job.key(), 1, "first", 0);
    var again = engine.activate("flaky", 1);
    assertThat(again).hasSize(1);
    assertThat(again.getFirst().record().retries()).isEqualTo(1);
    engine.fail(job.key(), 0, "out of luck", 0);
    var incident = engine.incidents(instance).getFirst();
    assertThat(incident.getValue().errorType()).isEqualTo(ErrorType.JOB_NO_RETRIES);
    assertThat(incident.getValue().errorMessage()).isEqualTo("out of luck");
    assertThat(engine.activate("flaky", 1)).isEmpty();
    engine.updateRetries(job.key(), 3);
    engine.resolve(incident.getKey());
    var revived = engine.activate("flaky", 1);
    assertThat(revived).hasSize(1);
    engine.complete(revived.getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void retryBackoffDelaysTheNextActivation() {
    engine.deploy(
        Bpmn.createExecutableProcess("backoff")
            .startEvent()
            .serviceTask("t", t -> t.zeebeJobType("bo"))
            .endEvent()
            .done());
    engine.createInstance("backoff", "{}");
    var job = engine.activate("bo", 1).getFirst();
    engine.fail(job.key(), 2, "later", 60_000);
    assertThat(engine.activate("bo", 1)).isEmpty();
    engine.advance(Duration.ofSeconds(61));
    assertThat(engine.activate("bo", 1)).hasSize(1);
  }

  @Test
  void timedOutJobCanBeActivatedAgain() {
    engine.deploy(
        Bpmn.createExecutableProcess("timeout")
            .startEvent()
            .serviceTask("t", t -> t.zeebeJobType("to"))
            .endEvent()
            .done());
    engine.createInstance("timeout", "{}");
    assertThat(engine.activate("to", 1)).hasSize(1);
    assertThat(engine.activate("to", 1)).isEmpty();
    engine.advance(Duration.ofSeconds(61));
    assertThat(engine.activate("to", 1)).hasSize(1);
  }

  @Test
  void embeddedSubProcessScopesItsVariables() {
    engine.deploy(
        Bpmn.createExecutableProcess("scope")
            .startEvent()
            .subProcess(
                "inner",
                s ->
                    s.zeebeInputExpression("1", "local")
                        .embeddedSubProcess()
                        .startEvent()
                        .serviceTask("t", t -> t.zeebeJobType("in-sub"))
                        .endEvent())
            .endEvent()
            .done());
    long instance = engine.createInstance("scope", "{}");
    var job = engine.activate("in-sub", 1).getFirst();
    assertThat(job.record().variables()).contains("\"local\":1");
    engine.complete(job.key(), "{\"local\":2,\"global\":3}");
    assertThat(engine.finalVariables(instance))
        .containsEntry("global", 3)
        .doesNotContainKey("local");
  }

  @Test
  void callActivityPassesVariablesBothWays() {
    engine.deploy(
        Bpmn.createExecutableProcess("child")
            .startEvent()
            .serviceTask("c", t -> t.zeebeJobType("child-work"))
            .endEvent()
            .done());
    engine.deploy(
        "parent.bpmn",
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("parent")
                .startEvent()
                .callActivity("call", c -> c.zeebeProcessId("child"))
                .endEvent()
                .done()));
    long instance = engine.createInstance("parent", "{\"input\":5}");
    var job = engine.activate("child-work", 1).getFirst();
    assertThat(job.record().variables()).contains("\"input\":5");
    assertThat(job.record().bpmnProcessId()).isEqualTo("child");
    engine.complete(job.key(), "{\"output\":10}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.finalVariables(instance)).containsEntry("output", 10);
  }

  @Test
  void missingCalledProcessIsAnIncidentResolvedByDeployingIt() {
    engine.deploy(
        Bpmn.createExecutableProcess("caller")
            .startEvent()
            .callActivity("call", c -> c.zeebeProcessId("later"))
            .endEvent()
            .done());
    long instance = engine.createInstance("caller", "{}");
    var incident = engine.incidents(instance).getFirst();
    assertThat(incident.getValue().errorType()).isEqualTo(ErrorType.CALLED_ELEMENT_ERROR);
    assertThat(incident.getValue().errorMessage()).contains("'later'");
    engine.deploy(
        "later.bpmn",
        Bpmn.convertToString(Bpmn.createExecutableProcess("later").startEvent().endEvent().done()));
    engine.resolve(incident.getKey());
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void cancellingAParentTerminatesItsChild() {
    engine.deploy(
        Bpmn.createExecutableProcess("child2")
            .startEvent()
            .serviceTask("c", t -> t.zeebeJobType("child2"))
            .endEvent()
            .done());
    engine.deploy(
        "p2.bpmn",
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("parent2")
                .startEvent()
                .callActivity("call", c -> c.zeebeProcessId("child2"))
                .endEvent()
                .done()));
    long instance = engine.createInstance("parent2", "{}");
    assertThat(engine.activate("child2", 1)).hasSize(1);
    long childKey =
        engine
            .processor
            .state()
            .elementInstances()
            .get(engine.processor.state().elementInstances().children(instance).getFirst().key())
            .calledChildInstanceKey();
    var refused = engine.cancel(childKey);
    assertThat(refused.rejectionType).hasToString("INVALID_STATE");
    assertThat(engine.cancel(instance).rejected()).isFalse();
    assertThat(engine.processor.state().elementInstances().size()).isZero();
    assertThat(engine.processor.state().jobs().all()).isEmpty();
  }

  @Test
  void parallelMultiInstanceCollectsOutputsInOrder() {
    engine.deploy(
        Bpmn.createExecutableProcess("mi")
            .startEvent()
            .serviceTask(
                "each",
                t ->
                    t.zeebeJobType("mi")
                        .multiInstance(
                            m ->
                                m.parallel()
                                    .zeebeInputCollectionExpression("items")
                                    .zeebeInputElement("item")
                                    .zeebeOutputCollection("results")
                                    .zeebeOutputElementExpression("doubled")))
            .endEvent()
            .done());
    long instance = engine.createInstance("mi", "{\"items\":[1,2,3]}");
    var jobs = engine.activate("mi", 10);
    assertThat(jobs).hasSize(3);
    for (var job : jobs.reversed()) {
      var vars = dev.millrace.engine.feel.JsonValues.parseObject(job.record().variables());
      engine.complete(
          job.key(), "{\"doubled\":" + ((Number) vars.get("item")).intValue() * 2 + "}");
    }
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.finalVariables(instance)).containsEntry("results", List.of(2, 4, 6));
  }

  @Test
  void sequentialMultiInstanceRunsOneAtATimeAndStopsOnCompletionCondition() {
    engine.deploy(
        Bpmn.createExecutableProcess("seq")
            .startEvent()
            .serviceTask(
                "each",
                t ->
                    t.zeebeJobType("seq")
                        .multiInstance(
                            m ->
                                m.sequential()
                                    .zeebeInputCollectionExpression("[10,20,30,40]")
                                    .zeebeInputElement("n")
                                    .completionCondition("=n >= 20")))
            .endEvent()
            .done());
    long instance = engine.createInstance("seq", "{}");
    var first = engine.activate("seq", 10);
    assertThat(first).hasSize(1);
    engine.complete(first.getFirst().key(), "{}");
    var second = engine.activate("seq", 10);
    assertThat(second).hasSize(1);
    assertThat(second.getFirst().record().variables())
        .contains("\"n\":20")
        .contains("\"loopCounter\":2");
    engine.complete(second.getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.activate("seq", 10)).isEmpty();
  }

  @Test
  void multiInstanceOverEmptyCollectionCompletesAtOnce() {
    engine.deploy(
        Bpmn.createExecutableProcess("empty")
            .startEvent()
            .serviceTask(
                "each",
                t ->
                    t.zeebeJobType("never")
                        .multiInstance(m -> m.parallel().zeebeInputCollectionExpression("[]")))
            .endEvent()
            .done());
    assertThat(engine.isCompleted(engine.createInstance("empty", "{}"))).isTrue();
  }

  @Test
  void setVariablesLocalAndPropagated() {
    engine.deploy(
        Bpmn.createExecutableProcess("vars")
            .startEvent()
            .subProcess(
                "sub",
                s ->
                    s.embeddedSubProcess()
                        .startEvent()
                        .serviceTask("t", t -> t.zeebeJobType("vars"))
                        .endEvent())
            .endEvent()
            .done());
    long instance = engine.createInstance("vars", "{\"shared\":0}");
    var job = engine.activate("vars", 1).getFirst();
    long subKey =
        engine
            .processor
            .state()
            .elementInstances()
            .get(job.record().elementInstanceKey())
            .flowScopeKey();
    engine.setVariables(subKey, "{\"onlyHere\":1}", true);
    engine.setVariables(subKey, "{\"shared\":5,\"newOne\":6}", false);
    assertThat(engine.processor.state().variables().localVariables(subKey))
        .containsOnlyKeys("onlyHere");
    assertThat(engine.variables(instance)).containsEntry("shared", 5).containsEntry("newOne", 6);
    assertThat(engine.setVariables(999, "{}", true).rejectionType).hasToString("NOT_FOUND");
    assertThat(engine.setVariables(subKey, "[1]", true).rejectionType)
        .hasToString("INVALID_ARGUMENT");
  }

  @Test
  void userTaskIsAJobWithAssignmentHeaders() {
    engine.deploy(
        Bpmn.createExecutableProcess("approve")
            .startEvent()
            .userTask("review", u -> u.zeebeAssignee("ada").zeebeCandidateGroups("ops"))
            .endEvent()
            .done());
    engine.createInstance("approve", "{}");
    var job = engine.activate("io.camunda.zeebe:userTask", 1).getFirst();
    assertThat(job.record().customHeaders())
        .containsEntry("io.camunda.zeebe:assignee", "ada")
        .containsEntry("io.camunda.zeebe:candidateGroups", "ops");
  }

  @Test
  void deployingTheSameResourceAgainKeepsTheVersion() {
    var model = Bpmn.createExecutableProcess("ver").startEvent().endEvent().done();
    var first = engine.deploy(model);
    var again = engine.deploy(model);
    var changed =
        engine.deploy(
            Bpmn.createExecutableProcess("ver").startEvent().manualTask("m").endEvent().done());
    var v1 =
        ((dev.millrace.engine.record.value.DeploymentRecord) first.event.value())
            .processes()
            .getFirst();
    var v1again =
        ((dev.millrace.engine.record.value.DeploymentRecord) again.event.value())
            .processes()
            .getFirst();
    var v2 =
        ((dev.millrace.engine.record.value.DeploymentRecord) changed.event.value())
            .processes()
            .getFirst();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1again.version()).isEqualTo(1);
    assertThat(v1again.processDefinitionKey()).isEqualTo(v1.processDefinitionKey());
    assertThat(v1again.duplicate()).isTrue();
    assertThat(v2.version()).isEqualTo(2);
  }

  @Test
  void invalidDeploymentNamesTheElementAndReason() {
    var answer =
        engine.deploy(
            Bpmn.createExecutableProcess("bad")
                .startEvent()
                .serviceTask("noType")
                .endEvent()
                .done());
    assertThat(answer.rejectionType).hasToString("INVALID_ARGUMENT");
    assertThat(answer.rejectionReason).contains("noType").contains("zeebe:taskDefinition");

    var feel =
        engine.deploy(
            Bpmn.createExecutableProcess("badFeel")
                .startEvent()
                .exclusiveGateway("g")
                .condition("=x >")
                .endEvent()
                .moveToLastExclusiveGateway()
                .defaultFlow()
                .endEvent()
                .done());
    assertThat(feel.rejectionReason).contains("failed to parse expression 'x >'");

    var xml = engine.deploy("broken.bpmn", "<definitions><process id=\"p\"></definitions>");
    assertThat(xml.rejectionReason).contains("broken.bpmn").contains("line 1, column");
    assertThat(engine.deploy("notes.txt", "hello").rejectionReason).contains("only BPMN resources");
    assertThat(Map.of()).isEmpty();
  }
}
