package dev.millrace.tests.durability;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes the crash test drives, one per thing that must survive a SIGKILL: jobs and a
 * gateway decision, a timer, a message published after creation, and a message buffered before
 * creation. Every instance ends in the same {@code finish} job, whose variables show the path the
 * instance took; {@link #expectedAtFinish} says what they must be for instance number {@code n}.
 */
final class CrashProcesses {

  static final String STEP_A = "crash-a";
  static final String EVEN = "crash-even";
  static final String ODD = "crash-odd";
  static final String FINISH = "crash-finish";
  static final List<String> JOB_TYPES = List.of(STEP_A, EVEN, ODD, FINISH);

  static final String GO_MESSAGE = "crash-go";
  static final String BUFFERED_MESSAGE = "crash-buffered";

  /** Published by nobody: instances of CANCELLED wait until they are cancelled. */
  static final String NEVER_MESSAGE = "crash-never";

  /**
   * What an instance does; also its process id (prefixed) and the variable "kind". MESSAGE
   * instances also get a variable set (SetVariables) before their message; CANCELLED ones are
   * cancelled and must never reach their finish job.
   */
  enum Kind {
    CHAIN,
    TIMER,
    MESSAGE,
    BUFFERED,
    CANCELLED;

    String processId() {
      return "crash-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private CrashProcesses() {}

  static Map<String, BpmnModelInstance> models() {
    var models = new LinkedHashMap<String, BpmnModelInstance>();
    models.put(Kind.CHAIN.processId() + ".bpmn", chain());
    models.put(Kind.TIMER.processId() + ".bpmn", timer());
    models.put(Kind.MESSAGE.processId() + ".bpmn", message(Kind.MESSAGE, GO_MESSAGE));
    models.put(Kind.BUFFERED.processId() + ".bpmn", message(Kind.BUFFERED, BUFFERED_MESSAGE));
    models.put(Kind.CANCELLED.processId() + ".bpmn", message(Kind.CANCELLED, NEVER_MESSAGE));
    return models;
  }

  private static BpmnModelInstance chain() {
    return Bpmn.createExecutableProcess(Kind.CHAIN.processId())
        .startEvent("start")
        .serviceTask("a", t -> t.zeebeJobType(STEP_A))
        .exclusiveGateway("split")
        .sequenceFlowId("to-even")
        .conditionExpression("= modulo(n, 2) = 0")
        .serviceTask("even", t -> t.zeebeJobType(EVEN))
        .exclusiveGateway("join")
        .serviceTask("finish", t -> t.zeebeJobType(FINISH))
        .endEvent("end")
        .moveToNode("split")
        .sequenceFlowId("to-odd")
        .conditionExpression("= modulo(n, 2) = 1")
        .serviceTask("odd", t -> t.zeebeJobType(ODD))
        .connectTo("join")
        .done();
  }

  private static BpmnModelInstance timer() {
    return Bpmn.createExecutableProcess(Kind.TIMER.processId())
        .startEvent("start")
        .serviceTask("a", t -> t.zeebeJobType(STEP_A))
        .intermediateCatchEvent("wait")
        .timerWithDurationExpression("delay")
        .serviceTask("finish", t -> t.zeebeJobType(FINISH))
        .endEvent("end")
        .done();
  }

  private static BpmnModelInstance message(Kind kind, String messageName) {
    return Bpmn.createExecutableProcess(kind.processId())
        .startEvent("start")
        .intermediateCatchEvent("catch")
        .message(m -> m.name(messageName).zeebeCorrelationKeyExpression("corr"))
        .serviceTask("finish", t -> t.zeebeJobType(FINISH))
        .endEvent("end")
        .done();
  }

  /** The variables an instance is created with. */
  static Map<String, Object> creationVariables(Kind kind, long n, int timerSeconds) {
    var variables = new LinkedHashMap<String, Object>();
    variables.put("n", n);
    variables.put("kind", kind.label());
    switch (kind) {
      case TIMER -> variables.put("delay", "PT" + timerSeconds + "S");
      case MESSAGE -> variables.put("corr", "c-" + n);
      case BUFFERED -> variables.put("corr", "b-" + n);
      case CANCELLED -> variables.put("corr", "x-" + n);
      case CHAIN -> {}
    }
    return variables;
  }

  static Map<String, Object> messageVariables(Kind kind, long n) {
    return kind == Kind.MESSAGE ? Map.of("paid", 3 * n) : Map.of("gift", 5 * n);
  }

  /** What the test sets with SetVariables on a MESSAGE instance before publishing its message. */
  static Map<String, Object> updatedVariables(long n) {
    return Map.of("note", 7 * n);
  }

  /** What a job worker of {@code type} completes with, from the job's variables. */
  static Map<String, Object> completion(String type, Map<String, Object> variables) {
    return switch (type) {
      case STEP_A -> Map.of("a", 2 * number(variables, "n"));
      case EVEN -> Map.of("b", number(variables, "a") + 1, "path", "even");
      case ODD -> Map.of("b", number(variables, "a") + 2, "path", "odd");
      case FINISH -> Map.of();
      default -> throw new IllegalArgumentException("no worker for " + type);
    };
  }

  /** Every variable the finish job must see, computed without the engine. */
  static Map<String, Object> expectedAtFinish(Kind kind, long n, int timerSeconds) {
    var expected = new LinkedHashMap<>(creationVariables(kind, n, timerSeconds));
    switch (kind) {
      case CHAIN -> {
        expected.put("a", 2 * n);
        boolean even = n % 2 == 0;
        expected.put("b", 2 * n + (even ? 1 : 2));
        expected.put("path", even ? "even" : "odd");
      }
      case TIMER -> expected.put("a", 2 * n);
      case MESSAGE -> {
        expected.putAll(updatedVariables(n));
        expected.putAll(messageVariables(kind, n));
      }
      case BUFFERED -> expected.putAll(messageVariables(kind, n));
      case CANCELLED -> throw new IllegalArgumentException("a cancelled instance never finishes");
    }
    return expected;
  }

  static long number(Map<String, Object> variables, String name) {
    Object value = variables.get(name);
    if (!(value instanceof Number number)) {
      throw new IllegalStateException("variable '" + name + "' is not a number: " + variables);
    }
    return number.longValue();
  }
}
