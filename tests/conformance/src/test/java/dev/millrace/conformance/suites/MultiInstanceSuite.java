package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.millrace.conformance.engine.IncidentView;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.builder.MultiInstanceLoopCharacteristicsBuilder;
import io.grpc.Status.Code;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Multi-instance activities, parallel and sequential, on service tasks, embedded sub-processes and
 * call activities: one inner instance per element of the input collection with the element and
 * loopCounter as local variables, the output collection in input order, an empty collection that
 * skips the activity, a completion condition that ends the remaining instances.
 *
 * <p>Docs: components/modeler/bpmn/multi-instance.
 */
@Tag("multi-instance")
public abstract class MultiInstanceSuite extends ConformanceSuite {

  private static final List<String> ITEMS = List.of("a", "b", "c");

  private static Consumer<MultiInstanceLoopCharacteristicsBuilder> overItems(boolean sequential) {
    return mi -> {
      if (sequential) {
        mi.sequential();
      } else {
        mi.parallel();
      }
      mi.zeebeInputCollectionExpression("items")
          .zeebeInputElement("item")
          .zeebeOutputCollection("results")
          .zeebeOutputElementExpression("result");
    };
  }

  private long startTaskProcess(boolean sequential, List<?> items) {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask(
                "process-item", t -> t.zeebeJobType(id("job")).multiInstance(overItems(sequential)))
            .endEvent("end")
            .done());
    return start(id, Map.of("items", items));
  }

  @Test
  void parallelTaskRunsOneInstancePerItemAndCollectsOutputInInputOrder() {
    long instance = startTaskProcess(false, ITEMS);
    awaitActiveCount(instance, "process-item", 3);

    List<ActivatedJob> jobs = activate(id("job"), 10);
    assertThat(jobs).hasSize(3);
    assertThat(jobs)
        .extracting(job -> job.getVariable("item"), job -> job.getVariable("loopCounter"))
        .containsExactlyInAnyOrder(tuple("a", 1), tuple("b", 2), tuple("c", 3));
    // Complete in reverse order: the output collection still follows the input collection.
    jobs.stream()
        .sorted(Comparator.comparing(job -> -((Number) job.getVariable("loopCounter")).intValue()))
        .forEach(job -> complete(job, Map.of("result", job.getVariable("item") + "!")));

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of("a!", "b!", "c!")));
  }

  @Test
  void sequentialTaskRunsOneInstanceAtATimeInOrder() {
    long instance = startTaskProcess(true, ITEMS);

    for (int i = 0; i < ITEMS.size(); i++) {
      ActivatedJob job = awaitJob(id("job"));
      assertThat(job.getVariable("item")).isEqualTo(ITEMS.get(i));
      assertThat(job.getVariable("loopCounter")).isEqualTo(i + 1);
      assertThat(activate(id("job"), 10)).as("one instance at a time").isEmpty();
      complete(job, Map.of("result", i * 10));
    }

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of(0, 10, 20)));
  }

  @Test
  void emptyInputCollectionSkipsTheActivityWithAnEmptyOutputCollection() {
    long instance = startTaskProcess(false, List.of());

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of()));
    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void completionConditionEndsTheRemainingInstances() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask(
                "ask-supplier",
                t ->
                    t.zeebeJobType(id("job"))
                        .multiInstance(
                            mi ->
                                mi.parallel()
                                    .zeebeInputCollectionExpression("suppliers")
                                    .zeebeInputElement("supplier")
                                    .completionCondition("=numberOfCompletedInstances >= 2")))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("suppliers", List.of("s1", "s2", "s3", "s4")));
    awaitActiveCount(instance, "ask-supplier", 4);
    List<ActivatedJob> jobs = activate(id("job"), 10);
    assertThat(jobs).hasSize(4);

    complete(jobs.get(0));
    complete(jobs.get(1));

    awaitCompleted(instance);
    for (ActivatedJob remaining : jobs.subList(2, 4)) {
      assertThat(Rejection.of(() -> complete(remaining)).code()).isEqualTo(Code.NOT_FOUND);
    }
  }

  @Test
  void inputCollectionThatIsNotAListRaisesAnIncident() {
    long instance = startTaskProcess(false, List.of());
    awaitCompleted(instance);

    long broken = start(id, Map.of("items", "a,b,c"));

    IncidentView incident = awaitIncident(broken);
    assertThat(incident.errorType()).isEqualTo("EXTRACT_VALUE_ERROR");
    assertThat(incident.elementId()).isEqualTo("process-item");
  }

  @Test
  void parallelSubProcessRunsItsInnerFlowPerItem() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "per-item",
                s ->
                    s.multiInstance(overItems(false))
                        .embeddedSubProcess()
                        .startEvent("item-start")
                        .scriptTask(
                            "shout",
                            t ->
                                t.zeebeExpression("upper case(item)").zeebeResultVariable("result"))
                        .endEvent("item-end"))
            .endEvent("end")
            .done());

    long instance = start(id, Map.of("items", ITEMS));

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of("A", "B", "C")));
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .filteredOn("shout"::equals)
                    .hasSize(3));
  }

  @Test
  void sequentialSubProcessRunsOneItemAtATime() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "per-item",
                s ->
                    s.multiInstance(overItems(true))
                        .embeddedSubProcess()
                        .startEvent("item-start")
                        .serviceTask("handle", t -> t.zeebeJobType(id("job")))
                        .endEvent("item-end"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("items", ITEMS));

    for (String item : ITEMS) {
      ActivatedJob job = awaitJob(id("job"));
      assertThat(job.getVariable("item")).isEqualTo(item);
      assertThat(activate(id("job"), 10)).as("one instance at a time").isEmpty();
      complete(job, Map.of("result", item.length()));
    }

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of(1, 1, 1)));
  }

  @Test
  void parallelCallActivityCallsOneChildPerItem() {
    deployDoublingChild();
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .callActivity(
                "call-per-item",
                c ->
                    c.zeebeProcessId(id("child"))
                        .zeebeOutputExpression("doubled", "result")
                        .multiInstance(overItems(false)))
            .endEvent("end")
            .done());

    long instance = start(id, Map.of("items", List.of(1, 2, 3)));

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of(2, 4, 6)));
  }

  @Test
  void sequentialCallActivityCallsOneChildAtATime() {
    deploy(
        Bpmn.createExecutableProcess(id("child"))
            .startEvent()
            .serviceTask("child-task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .callActivity(
                "call-per-item",
                c ->
                    c.zeebeProcessId(id("child"))
                        .zeebeOutputExpression("answer", "result")
                        .multiInstance(overItems(true)))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("items", ITEMS));

    for (String item : ITEMS) {
      ActivatedJob job = awaitJob(id("job"));
      assertThat(job.getVariable("item")).isEqualTo(item);
      assertThat(activate(id("job"), 10)).as("one child at a time").isEmpty();
      complete(job, Map.of("answer", item + item));
    }

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("results", List.of("aa", "bb", "cc")));
  }

  private void deployDoublingChild() {
    deploy(
        Bpmn.createExecutableProcess(id("child"))
            .startEvent()
            .scriptTask("double", s -> s.zeebeExpression("item * 2").zeebeResultVariable("doubled"))
            .endEvent()
            .done());
  }

  private void awaitActiveCount(long instance, String elementId, int count) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.activeElementIds(instance))
                    .filteredOn(elementId::equals)
                    .hasSize(count));
  }
}
