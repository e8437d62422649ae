package dev.millrace.engine.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.ProcessRecord;

/** A record as a JSON object (one line of the JSON-lines exporter; the platform's history). */
public final class RecordJson {

  private RecordJson() {}

  public static ObjectNode toJson(Record record) {
    var mapper = JsonValues.mapper();
    var json = mapper.createObjectNode();
    json.put("position", record.position());
    json.put("sourceRecordPosition", record.sourcePosition());
    json.put("key", record.key());
    json.put("timestamp", record.timestamp());
    json.put("recordType", record.recordType().name());
    json.put("valueType", record.valueType().name());
    json.put("intent", record.intent().name());
    if (record.rejectionType() != null) {
      json.put("rejectionType", record.rejectionType().name());
      json.put("rejectionReason", record.rejectionReason());
    }
    ObjectNode value = mapper.valueToTree(record.value());
    // BPMN bytes are large and useless in a debug stream: keep their size only.
    if (record.value() instanceof ProcessRecord p) {
      value.remove("resource");
      value.put("resourceBytes", p.resource().length);
    } else if (record.value() instanceof DeploymentRecord d) {
      var resources = value.putArray("resources");
      d.resources()
          .forEach(
              r ->
                  resources
                      .addObject()
                      .put("resourceName", r.resourceName())
                      .put("resourceBytes", r.resource().length));
    }
    json.set("value", value);
    return json;
  }
}
