package dev.millrace.platform.processes;

import dev.millrace.platform.engine.EngineProperties;
import dev.millrace.platform.processes.IncidentRetries.Retried;
import dev.millrace.platform.processes.ProcessInstances.InstanceDetail;
import dev.millrace.platform.processes.ProcessInstances.InstanceSummary;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.web.ResultPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Process instances, lifecycle and user flows alike, from the engine's history. A lifecycle
 * instance belongs to the tenant of its run or deployment (its {@code tenantId} variable); members
 * see their tenant's instances, admins see all (or one tenant's with {@code tenantId}).
 */
@RestController
@RequestMapping("/api/v1/process-instances")
@Tag(
    name = "process-instances",
    description =
        "Lifecycle processes and user flows: state, current elements, variables, incidents")
class ProcessInstanceController {

  private final ProcessInstances instances;
  private final IncidentRetries retries;
  private final TenantAccess access;
  private final EngineProperties engine;

  ProcessInstanceController(
      ProcessInstances instances,
      IncidentRetries retries,
      TenantAccess access,
      EngineProperties engine) {
    this.instances = instances;
    this.retries = retries;
    this.access = access;
    this.engine = engine;
  }

  /**
   * @param retries the retries the failed job gets again (ignored for incidents without a job)
   */
  record RetryRequest(@Min(1) @Max(100) Integer retries) {}

  @GetMapping
  @Operation(summary = "Process instances, newest first")
  ResultPage<InstanceSummary> list(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(required = false) String bpmnProcessId,
      @RequestParam(required = false) @Pattern(regexp = "ACTIVE|COMPLETED|TERMINATED") String state,
      @RequestParam(required = false) @Pattern(regexp = "lifecycle|user-flow") String kind,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    requireHistory();
    return instances.list(scope(caller, tenantId), bpmnProcessId, state, kind, page, size);
  }

  @GetMapping("/{processInstanceKey}")
  @Operation(
      summary = "One instance: state, current elements, variables, incidents and element history")
  InstanceDetail get(
      Caller caller,
      @PathVariable long processInstanceKey,
      @RequestParam(required = false) UUID tenantId) {
    requireHistory();
    return instances.detail(scope(caller, tenantId), processInstanceKey);
  }

  @PostMapping("/{processInstanceKey}/incidents/{incidentKey}/retry")
  @Operation(
      summary =
          "Retry the step an incident stopped: the job gets retries again (when the incident is a"
              + " job's), and the incident is resolved")
  ResponseEntity<Retried> retry(
      Caller caller,
      @PathVariable long processInstanceKey,
      @PathVariable long incidentKey,
      @RequestParam(required = false) UUID tenantId,
      @Valid @RequestBody(required = false) RetryRequest body) {
    requireHistory();
    int count = body == null || body.retries() == null ? 1 : body.retries();
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(retries.retry(scope(caller, tenantId), processInstanceKey, incidentKey, count));
  }

  /** Members: their tenant; admins: everything, or the tenant they name. */
  @Nullable
  private UUID scope(Caller caller, @Nullable UUID tenantId) {
    if (caller.isAdmin() && tenantId == null) {
      return null;
    }
    return access.actingTenant(caller, tenantId);
  }

  private void requireHistory() {
    if (engine.mode() != EngineProperties.Mode.EMBEDDED) {
      throw new HistoryUnavailableException();
    }
  }
}
