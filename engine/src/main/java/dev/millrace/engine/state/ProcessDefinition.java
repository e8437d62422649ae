package dev.millrace.engine.state;

import dev.millrace.engine.bpmn.model.ExecutableProcess;
import dev.millrace.engine.record.value.ProcessRecord;

/** A deployed process version and its executable form. */
public record ProcessDefinition(ProcessRecord record, ExecutableProcess executable) {

  public long key() {
    return record.processDefinitionKey();
  }

  public String bpmnProcessId() {
    return record.bpmnProcessId();
  }

  public int version() {
    return record.version();
  }
}
