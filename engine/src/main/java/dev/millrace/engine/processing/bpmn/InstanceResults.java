package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.processing.CommandResponder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Callers waiting for a process instance to complete (CreateProcessInstanceWithResult). Not part of
 * the durable state: a waiting call does not survive a restart, exactly like its connection.
 */
public final class InstanceResults {

  /** The answer a waiting caller gets: the instance and its (fetched) variables. */
  public record Result(
      long processInstanceKey,
      long processDefinitionKey,
      String bpmnProcessId,
      int version,
      String tenantId,
      Map<String, Object> variables) {}

  public static final class Awaiter {
    private final CommandResponder responder;
    private final List<String> fetchVariables;
    private final AtomicBoolean done = new AtomicBoolean();

    public Awaiter(CommandResponder responder, List<String> fetchVariables) {
      this.responder = responder;
      this.fetchVariables = fetchVariables;
    }

    /** Claims the right to answer; false when the caller already timed out or was answered. */
    public boolean claim() {
      return done.compareAndSet(false, true);
    }

    CommandResponder responder() {
      return responder;
    }

    List<String> fetchVariables() {
      return fetchVariables;
    }
  }

  private final Map<Long, Awaiter> awaiting = new ConcurrentHashMap<>();

  public void await(long processInstanceKey, Awaiter awaiter) {
    awaiting.put(processInstanceKey, awaiter);
  }

  public boolean isAwaited(long processInstanceKey) {
    return awaiting.containsKey(processInstanceKey);
  }

  Awaiter take(long processInstanceKey) {
    return awaiting.remove(processInstanceKey);
  }

  /** The caller gave up (deadline or cancelled call). */
  public void forget(long processInstanceKey, Awaiter awaiter) {
    awaiting.remove(processInstanceKey, awaiter);
  }
}
