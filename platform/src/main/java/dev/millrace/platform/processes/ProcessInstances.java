package dev.millrace.platform.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.platform.web.ResultPage;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/** The read side of process history, scoped to a tenant (null: the admin's view of all). */
@Service
public class ProcessInstances {

  /** The processes of the Millrace lifecycle; any other is a user's flow. */
  static final Set<String> LIFECYCLE =
      Set.of(
          "train-model", "fine-tune-model", "deploy-model", "undeploy-model", "monitor-endpoint");

  record InstanceSummary(
      long processInstanceKey,
      String bpmnProcessId,
      int processVersion,
      String kind,
      UUID tenantId,
      String state,
      long activeIncidents,
      Long parentProcessInstanceKey,
      Instant startedAt,
      Instant endedAt) {}

  record ElementView(
      long elementInstanceKey,
      String elementId,
      String elementType,
      String state,
      Instant startedAt,
      Instant endedAt) {}

  record IncidentView(
      long incidentKey,
      String elementId,
      long elementInstanceKey,
      Long jobKey,
      String errorType,
      String errorMessage,
      String state,
      Instant createdAt,
      Instant resolvedAt) {}

  /**
   * @param variables the instance's top-level variables (JSON values)
   * @param currentElements the element instances active now (wait states, running jobs)
   * @param history every element instance so far, in the order they began
   */
  record InstanceDetail(
      InstanceSummary instance,
      List<ElementView> currentElements,
      Map<String, JsonNode> variables,
      List<IncidentView> incidents,
      List<ElementView> history) {}

  private static final String SUMMARY =
      "SELECT i.process_instance_key, i.bpmn_process_id, i.process_version, i.tenant_id, i.state,"
          + " i.parent_process_instance_key, i.started_at, i.ended_at,"
          + " (SELECT COUNT(*) FROM process_incidents n WHERE n.process_instance_key ="
          + " i.process_instance_key AND n.state = 'ACTIVE') AS active_incidents"
          + " FROM process_instances i";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  ProcessInstances(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Newest first.
   *
   * @param tenantId only this tenant's instances; null: all (admins)
   * @param kind {@code lifecycle} or {@code user-flow}; null: both
   */
  ResultPage<InstanceSummary> list(
      @Nullable UUID tenantId,
      @Nullable String bpmnProcessId,
      @Nullable String state,
      @Nullable String kind,
      int page,
      int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (tenantId != null) {
      where.append(" AND i.tenant_id = ?");
      args.add(tenantId);
    }
    if (bpmnProcessId != null) {
      where.append(" AND i.bpmn_process_id = ?");
      args.add(bpmnProcessId);
    }
    if (state != null) {
      where.append(" AND i.state = ?");
      args.add(state);
    }
    if (kind != null) {
      String marks = String.join(", ", LIFECYCLE.stream().map(id -> "?").toList());
      where.append(
          " AND i.bpmn_process_id "
              + ("lifecycle".equals(kind) ? "IN" : "NOT IN")
              + " ("
              + marks
              + ")");
      args.addAll(LIFECYCLE);
    }
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM process_instances i" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<InstanceSummary> items =
        jdbc.query(
            SUMMARY
                + where
                + " ORDER BY i.started_at DESC, i.process_instance_key DESC LIMIT ? OFFSET ?",
            (rs, n) -> summary(rs),
            pageArgs.toArray());
    long count = total == null ? 0 : total;
    return new ResultPage<>(items, page, size, count, (int) ((count + size - 1) / size));
  }

  /**
   * @throws NotFoundException when there is no such instance, or it belongs to another tenant
   */
  InstanceSummary summary(@Nullable UUID tenantId, long key) {
    List<InstanceSummary> found =
        jdbc.query(SUMMARY + " WHERE i.process_instance_key = ?", (rs, n) -> summary(rs), key);
    if (found.isEmpty() || (tenantId != null && !tenantId.equals(found.get(0).tenantId()))) {
      throw new NotFoundException("process instance", key);
    }
    return found.get(0);
  }

  InstanceDetail detail(@Nullable UUID tenantId, long key) {
    InstanceSummary instance = summary(tenantId, key);
    List<ElementView> elements =
        jdbc.query(
            "SELECT element_instance_key, element_id, element_type, state, started_at, ended_at"
                + " FROM process_element_instances WHERE process_instance_key = ?"
                + " ORDER BY element_instance_key",
            (rs, n) ->
                new ElementView(
                    rs.getLong("element_instance_key"),
                    rs.getString("element_id"),
                    rs.getString("element_type"),
                    rs.getString("state"),
                    instant(rs, "started_at"),
                    instant(rs, "ended_at")),
            key);
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    jdbc.query(
        "SELECT name, value_json FROM process_variables WHERE scope_key = ? ORDER BY name",
        rs -> {
          variables.put(rs.getString("name"), parse(rs.getString("value_json")));
        },
        key);
    return new InstanceDetail(
        instance,
        elements.stream().filter(e -> "ACTIVE".equals(e.state())).toList(),
        variables,
        incidents(key),
        elements);
  }

  List<IncidentView> incidents(long processInstanceKey) {
    return jdbc.query(
        "SELECT incident_key, element_id, element_instance_key, job_key, error_type,"
            + " error_message, state, created_at, resolved_at FROM process_incidents"
            + " WHERE process_instance_key = ? ORDER BY incident_key",
        (rs, n) ->
            new IncidentView(
                rs.getLong("incident_key"),
                rs.getString("element_id"),
                rs.getLong("element_instance_key"),
                rs.getObject("job_key") == null ? null : rs.getLong("job_key"),
                rs.getString("error_type"),
                rs.getString("error_message"),
                rs.getString("state"),
                instant(rs, "created_at"),
                instant(rs, "resolved_at")),
        processInstanceKey);
  }

  private InstanceSummary summary(ResultSet rs) throws SQLException {
    String processId = rs.getString("bpmn_process_id");
    Object tenant = rs.getObject("tenant_id");
    return new InstanceSummary(
        rs.getLong("process_instance_key"),
        processId,
        rs.getInt("process_version"),
        LIFECYCLE.contains(processId) ? "lifecycle" : "user-flow",
        tenant == null ? null : UUID.fromString(tenant.toString()),
        rs.getString("state"),
        rs.getLong("active_incidents"),
        rs.getObject("parent_process_instance_key") == null
            ? null
            : rs.getLong("parent_process_instance_key"),
        instant(rs, "started_at"),
        instant(rs, "ended_at"));
  }

  private JsonNode parse(String value) {
    try {
      return json.readTree(value);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(value);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
