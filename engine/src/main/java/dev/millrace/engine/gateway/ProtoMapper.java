package dev.millrace.engine.gateway;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.JobStreams.ActivatedJob;
import dev.millrace.engine.record.value.JobRecord;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import java.util.Map;

/** Engine values to gateway protocol messages. */
final class ProtoMapper {

  static final String DEFAULT_TENANT = "<default>";

  private ProtoMapper() {}

  static String tenant(String tenantId) {
    return tenantId == null || tenantId.isEmpty() ? DEFAULT_TENANT : tenantId;
  }

  static GatewayOuterClass.ActivatedJob activatedJob(ActivatedJob activated) {
    JobRecord job = activated.record();
    return GatewayOuterClass.ActivatedJob.newBuilder()
        .setKey(activated.key())
        .setType(job.type())
        .setProcessInstanceKey(job.processInstanceKey())
        .setBpmnProcessId(job.bpmnProcessId())
        .setProcessDefinitionVersion(job.processDefinitionVersion())
        .setProcessDefinitionKey(job.processDefinitionKey())
        .setElementId(job.elementId())
        .setElementInstanceKey(job.elementInstanceKey())
        .setCustomHeaders(headers(job.customHeaders()))
        .setWorker(job.worker())
        .setRetries(job.retries())
        .setDeadline(job.deadline())
        .setVariables(job.variables().isEmpty() ? "{}" : job.variables())
        .setTenantId(tenant(job.tenantId()))
        .setKind(GatewayOuterClass.ActivatedJob.JobKind.BPMN_ELEMENT)
        .build();
  }

  private static String headers(Map<String, String> headers) {
    return headers.isEmpty() ? "{}" : JsonValues.write(headers);
  }
}
