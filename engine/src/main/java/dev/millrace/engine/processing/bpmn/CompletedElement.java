package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableSequenceFlow;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import java.util.List;
import java.util.Map;

/**
 * What is left of an element instance after ELEMENT_COMPLETED: its record, the flows it chose and
 * values it handed on (a called process's variables, an instance's result).
 */
record CompletedElement(
    long key,
    ProcessInstanceRecord value,
    List<ExecutableSequenceFlow> flowsToTake,
    Map<String, Object> handedOn) {}
