package dev.millrace.conformance.engine;

import java.util.List;
import java.util.Map;

/**
 * Read-only view of an engine's process instances, for what the Zeebe gRPC API cannot answer.
 *
 * <p>An inspector may lag behind the engine (Camunda's search API is eventually consistent), so the
 * suites always poll it until the expected state shows. Every method answers for one process
 * instance only; elements of instances it called are not included.
 */
public interface ProcessInspector {

  /** The instance's state, {@link ProcessInstanceState#UNKNOWN} when no such instance is known. */
  ProcessInstanceState state(long processInstanceKey);

  /** The instance's active (unresolved) incidents, oldest first. */
  List<IncidentView> incidents(long processInstanceKey);

  /**
   * Ids of the instance's element instances that are active now, in activation order. Excludes the
   * process itself and multi-instance bodies; an active multi-instance activity shows once per
   * active inner instance.
   */
  List<String> activeElementIds(long processInstanceKey);

  /**
   * Ids of the instance's element instances that completed, in completion order: the path the
   * instance took. Excludes the process itself, sequence flows, multi-instance bodies and
   * terminated elements; an element that completed several times (a loop, a non-interrupting
   * boundary event, multi-instance inner instances) appears once per completion.
   */
  List<String> completedElementIds(long processInstanceKey);

  /**
   * The variables of the instance's root scope, JSON-decoded the way {@link JsonValues#decode} does
   * (integral numbers as Integer or Long, others as Double, objects as maps).
   */
  Map<String, Object> variables(long processInstanceKey);
}
