package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.engine.IncidentView;
import dev.millrace.conformance.engine.ProcessInspector;
import dev.millrace.conformance.engine.ProcessInstanceState;
import dev.millrace.conformance.junit.EngineSession;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of every conformance suite: the engine under test, a gRPC client to it, and the few
 * domain-level steps scenarios repeat. Suites are abstract; {@code EngineConformance} nests them
 * once per engine.
 *
 * <p>Scenarios share one engine, so each names its processes, job types, messages and signals after
 * {@link #id}, which is unique per scenario run.
 */
public abstract class ConformanceSuite {

  /** How long an asynchronous outcome may take; generous because CI machines are shared. */
  protected static final Duration PATIENCE =
      Duration.ofSeconds(Long.getLong("conformance.await-seconds", 30));

  /** How long a scenario watches for something that must not happen. */
  protected static final Duration QUIET_PERIOD = Duration.ofSeconds(2);

  protected static final String WORKER = "conformance-worker";

  /**
   * Activation timeout of the jobs scenarios activate through {@link #activate}: far longer than
   * all the clock moves of a whole run, so a job a scenario holds never times out under it.
   */
  protected static final Duration HELD = Duration.ofDays(30);

  /**
   * How long this scenario waits for an asynchronous outcome: {@link #PATIENCE}, or less for a
   * scenario that is a known deviation of the engine and only has to show that it still fails.
   */
  private Duration patience = PATIENCE;

  protected EngineUnderTest engine;
  protected CamundaClient client;
  protected ProcessInspector inspector;

  /** Unique per scenario run and a valid BPMN id: use it for every name the engine shares. */
  protected String id;

  /** Wiring only: called by the conformance extension before each scenario. */
  public final void attach(EngineSession session) {
    this.engine = session.engine();
    this.client = session.client();
    this.inspector = session.engine().inspector();
  }

  /** Wiring only: a known deviation need not wait the full patience to fail again. */
  public final void shortenPatience(Duration shorter) {
    this.patience = shorter;
  }

  @BeforeEach
  final void nameScenario(TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("scenario");
    id = method + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
  }

  /** {@link #id} with a suffix, for the second, third... name a scenario needs. */
  protected String id(String suffix) {
    return id + "-" + suffix;
  }

  protected ConditionFactory await() {
    return Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(100));
  }

  // ---- deployment and instances ----

  /**
   * Deploys the models in one DeployResource call, each as "<process id>.bpmn". The models are
   * first checked with zeebe-bpmn-model's design-time validators, so that a broken test model fails
   * with its own message rather than as an engine rejection.
   */
  protected DeploymentEvent deploy(BpmnModelInstance... models) {
    for (BpmnModelInstance model : models) {
      ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
      assertThat(results.hasErrors())
          .as("test model %s is invalid: %s", resourceName(model), results.getResults())
          .isFalse();
    }
    var command =
        client.newDeployResourceCommand().addProcessModel(models[0], resourceName(models[0]));
    for (int i = 1; i < models.length; i++) {
      command = command.addProcessModel(models[i], resourceName(models[i]));
    }
    return command.send().join();
  }

  protected static String resourceName(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).iterator().next().getId() + ".bpmn";
  }

  protected long start(String processId) {
    return start(processId, Map.of());
  }

  protected long start(String processId, Map<String, Object> variables) {
    ProcessInstanceEvent created =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .variables(variables)
            .send()
            .join();
    return created.getProcessInstanceKey();
  }

  /** A variables map that, unlike {@link Map#of}, accepts null values and keeps its order. */
  protected static Map<String, Object> vars(Object... namesAndValues) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return variables;
  }

  // ---- jobs ----

  /** One ActivateJobs call (long polling for at most a second). */
  protected List<ActivatedJob> activate(String jobType, int maxJobs) {
    return client
        .newActivateJobsCommand()
        .jobType(jobType)
        .maxJobsToActivate(maxJobs)
        .workerName(WORKER)
        .timeout(HELD)
        .requestTimeout(Duration.ofSeconds(1))
        .send()
        .join()
        .getJobs();
  }

  /** Activates the next job of the type, polling until one is there. */
  protected ActivatedJob awaitJob(String jobType) {
    return await().until(() -> activate(jobType, 1), jobs -> !jobs.isEmpty()).getFirst();
  }

  protected void complete(ActivatedJob job) {
    complete(job, Map.of());
  }

  protected void complete(ActivatedJob job, Map<String, Object> variables) {
    client.newCompleteCommand(job.getKey()).variables(variables).send().join();
  }

  /** Activates the next job of the type and completes it with the variables. */
  protected ActivatedJob completeNextJob(String jobType, Map<String, Object> variables) {
    ActivatedJob job = awaitJob(jobType);
    complete(job, variables);
    return job;
  }

  /** Asserts that no job of the type becomes activatable during the quiet period. */
  protected void assertNoJobDuringQuietPeriod(String jobType) {
    Awaitility.await()
        .during(QUIET_PERIOD)
        .atMost(QUIET_PERIOD.plus(patience))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> activate(jobType, 1).isEmpty());
  }

  // ---- observing instances ----

  protected void awaitState(long processInstanceKey, ProcessInstanceState state) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.state(processInstanceKey))
                    .as("state of process instance %d", processInstanceKey)
                    .isEqualTo(state));
  }

  protected void awaitCompleted(long processInstanceKey) {
    awaitState(processInstanceKey, ProcessInstanceState.COMPLETED);
  }

  /** Waits until the element is active: its timers and signal subscriptions then exist. */
  protected void awaitActive(long processInstanceKey, String elementId) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.activeElementIds(processInstanceKey))
                    .as("active elements of process instance %d", processInstanceKey)
                    .contains(elementId));
  }

  /** Asserts that the instance stays active and waiting at the element for the quiet period. */
  protected void assertStillWaitingAt(long processInstanceKey, String elementId) {
    Awaitility.await()
        .during(QUIET_PERIOD)
        .atMost(QUIET_PERIOD.plus(patience))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                inspector.state(processInstanceKey) == ProcessInstanceState.ACTIVE
                    && inspector.activeElementIds(processInstanceKey).contains(elementId));
  }

  /** Asserts that the element does not complete in the instance during the quiet period. */
  protected void assertNeverCompletesDuringQuietPeriod(long processInstanceKey, String elementId) {
    Awaitility.await()
        .during(QUIET_PERIOD)
        .atMost(QUIET_PERIOD.plus(patience))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !inspector.completedElementIds(processInstanceKey).contains(elementId));
  }

  protected List<String> awaitPath(long processInstanceKey, String... elementIds) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(processInstanceKey))
                    .as("completed elements of process instance %d", processInstanceKey)
                    .containsExactly(elementIds));
    return List.of(elementIds);
  }

  protected IncidentView awaitIncident(long processInstanceKey) {
    return await()
        .until(() -> inspector.incidents(processInstanceKey), incidents -> !incidents.isEmpty())
        .getFirst();
  }

  protected void awaitNoIncident(long processInstanceKey) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.incidents(processInstanceKey))
                    .as("incidents of process instance %d", processInstanceKey)
                    .isEmpty());
  }

  /** Waits until the root scope holds (at least) these variables; returns all root variables. */
  protected Map<String, Object> awaitVariables(
      long processInstanceKey, Map<String, Object> expectedEntries) {
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.variables(processInstanceKey))
                    .as("root variables of process instance %d", processInstanceKey)
                    .containsAllEntriesOf(expectedEntries));
    return inspector.variables(processInstanceKey);
  }
}
