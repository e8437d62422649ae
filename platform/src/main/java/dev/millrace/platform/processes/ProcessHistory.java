package dev.millrace.platform.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.processes.HistoryEvent.ElementEvent;
import dev.millrace.platform.processes.HistoryEvent.IncidentEvent;
import dev.millrace.platform.processes.HistoryEvent.Lifecycle;
import dev.millrace.platform.processes.HistoryEvent.VariableEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes process history into the database: one transaction per batch of events, each event an
 * upsert by its key (instance, element instance, variable scope and name, incident). Events come at
 * least once, and a replay after a restart repeats a tail of them in order; a row only moves
 * forward ({@code record_position} must grow), so a replayed older event leaves it as it is.
 *
 * <p>Plain SQL rather than JPA: upserts guarded by position, on rows no other code writes.
 */
@Component
public class ProcessHistory {

  static final String TENANT_VARIABLE = "tenantId";
  private static final int MAX_VALUE_CHARS = 1_000_000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;

  ProcessHistory(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.json = json;
  }

  /**
   * Writes the batch in one transaction: all or nothing, so a failed batch can be written again.
   */
  public void write(List<HistoryEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    tx.executeWithoutResult(
        status -> {
          for (HistoryEvent event : events) {
            switch (event) {
              case ElementEvent e when e.isProcess() -> instance(e);
              case ElementEvent e -> element(e);
              case VariableEvent v -> variable(v);
              case IncidentEvent i -> incident(i);
            }
          }
        });
  }

  private void instance(ElementEvent e) {
    Timestamp ended = e.lifecycle() == Lifecycle.ACTIVE ? null : at(e.timestamp());
    Long parent = e.parentProcessInstanceKey() < 0 ? null : e.parentProcessInstanceKey();
    int updated =
        jdbc.update(
            "UPDATE process_instances SET bpmn_process_id = ?, process_version = ?,"
                + " process_definition_key = ?, parent_process_instance_key = ?, state = ?,"
                + " ended_at = ?, record_position = ?"
                + " WHERE process_instance_key = ? AND record_position < ?",
            e.bpmnProcessId(),
            e.processVersion(),
            e.processDefinitionKey(),
            parent,
            e.lifecycle().name(),
            ended,
            e.position(),
            e.processInstanceKey(),
            e.position());
    if (updated == 0
        && !exists("process_instances", "process_instance_key", e.processInstanceKey())) {
      jdbc.update(
          "INSERT INTO process_instances (process_instance_key, bpmn_process_id, process_version,"
              + " process_definition_key, parent_process_instance_key, state, started_at, ended_at,"
              + " record_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          e.processInstanceKey(),
          e.bpmnProcessId(),
          e.processVersion(),
          e.processDefinitionKey(),
          parent,
          e.lifecycle().name(),
          at(e.timestamp()),
          ended,
          e.position());
    }
  }

  private void element(ElementEvent e) {
    Timestamp ended = e.lifecycle() == Lifecycle.ACTIVE ? null : at(e.timestamp());
    int updated =
        jdbc.update(
            "UPDATE process_element_instances SET state = ?, ended_at = ?, record_position = ?"
                + " WHERE element_instance_key = ? AND record_position < ?",
            e.lifecycle().name(),
            ended,
            e.position(),
            e.elementInstanceKey(),
            e.position());
    if (updated == 0
        && !exists("process_element_instances", "element_instance_key", e.elementInstanceKey())) {
      jdbc.update(
          "INSERT INTO process_element_instances (element_instance_key, process_instance_key,"
              + " element_id, element_type, flow_scope_key, state, started_at, ended_at,"
              + " record_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          e.elementInstanceKey(),
          e.processInstanceKey(),
          e.elementId(),
          e.elementType(),
          e.flowScopeKey(),
          e.lifecycle().name(),
          at(e.timestamp()),
          ended,
          e.position());
    }
  }

  private void variable(VariableEvent v) {
    String value =
        v.valueJson().length() > MAX_VALUE_CHARS
            ? quoted("(" + v.valueJson().length() + " characters; too large to keep in history)")
            : v.valueJson();
    int updated =
        jdbc.update(
            "UPDATE process_variables SET value_json = ?, updated_at = ?, record_position = ?"
                + " WHERE scope_key = ? AND name = ? AND record_position < ?",
            value,
            at(v.timestamp()),
            v.position(),
            v.scopeKey(),
            v.name(),
            v.position());
    if (updated == 0
        && jdbc.queryForObject(
                "SELECT COUNT(*) FROM process_variables WHERE scope_key = ? AND name = ?",
                Long.class,
                v.scopeKey(),
                v.name())
            == 0) {
      jdbc.update(
          "INSERT INTO process_variables (scope_key, name, process_instance_key, value_json,"
              + " updated_at, record_position) VALUES (?, ?, ?, ?, ?, ?)",
          v.scopeKey(),
          v.name(),
          v.processInstanceKey(),
          value,
          at(v.timestamp()),
          v.position());
    }
    if (v.scopeKey() == v.processInstanceKey()) {
      // Variables can come before the instance's own first record: make sure it has a row.
      if (!exists("process_instances", "process_instance_key", v.processInstanceKey())) {
        jdbc.update(
            "INSERT INTO process_instances (process_instance_key, bpmn_process_id,"
                + " process_version, process_definition_key, state, started_at, record_position)"
                + " VALUES (?, ?, 0, ?, 'ACTIVE', ?, 0)",
            v.processInstanceKey(),
            v.bpmnProcessId(),
            v.processDefinitionKey(),
            at(v.timestamp()));
      }
      if (TENANT_VARIABLE.equals(v.name())) {
        jdbc.update(
            "UPDATE process_instances SET tenant_id = ? WHERE process_instance_key = ?",
            tenant(v.valueJson()),
            v.processInstanceKey());
      }
    }
  }

  private void incident(IncidentEvent i) {
    String state = i.resolved() ? "RESOLVED" : "ACTIVE";
    Timestamp resolved = i.resolved() ? at(i.timestamp()) : null;
    int updated =
        jdbc.update(
            "UPDATE process_incidents SET state = ?, resolved_at = ?, record_position = ?"
                + " WHERE incident_key = ? AND record_position < ?",
            state,
            resolved,
            i.position(),
            i.incidentKey(),
            i.position());
    if (updated == 0 && !exists("process_incidents", "incident_key", i.incidentKey())) {
      String message = i.errorMessage();
      if (message.length() > 10_000) {
        message = message.substring(0, 9_997) + "...";
      }
      jdbc.update(
          "INSERT INTO process_incidents (incident_key, process_instance_key, element_id,"
              + " element_instance_key, job_key, error_type, error_message, state, created_at,"
              + " resolved_at, record_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          i.incidentKey(),
          i.processInstanceKey(),
          i.elementId(),
          i.elementInstanceKey(),
          i.jobKey() < 0 ? null : i.jobKey(),
          i.errorType(),
          message,
          state,
          at(i.timestamp()),
          resolved,
          i.position());
    }
  }

  private boolean exists(String table, String keyColumn, long key) {
    Long count =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " = ?", Long.class, key);
    return count != null && count > 0;
  }

  /** A tenantId variable that is no UUID names no tenant: the instance stays admin-only. */
  private UUID tenant(String valueJson) {
    try {
      JsonNode node = json.readTree(valueJson);
      return node.isTextual() ? UUID.fromString(node.asText()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  private String quoted(String text) {
    return json.getNodeFactory().textNode(text).toString();
  }

  private static Timestamp at(long epochMillis) {
    return Timestamp.from(Instant.ofEpochMilli(epochMillis));
  }
}
