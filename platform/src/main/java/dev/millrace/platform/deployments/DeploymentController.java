package dev.millrace.platform.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.deployments.DeploymentViews.DeploymentView;
import dev.millrace.platform.deployments.DeploymentViews.ScalingEventView;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.web.ResultPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/deployments")
@Tag(
    name = "deployments",
    description =
        "Serve a model version as an autoscaled endpoint: a deploy-model process with the first"
            + " hour's credits reserved up front, monitored and charged per replica-second")
class DeploymentController {

  private final DeploymentRules rules;
  private final DeploymentLauncher launcher;
  private final DeploymentViews views;
  private final TenantAccess access;
  private final EndpointInvoker invoker;

  DeploymentController(
      DeploymentRules rules,
      DeploymentLauncher launcher,
      DeploymentViews views,
      TenantAccess access,
      EndpointInvoker invoker) {
    this.rules = rules;
    this.launcher = launcher;
    this.views = views;
    this.access = access;
    this.invoker = invoker;
  }

  @PostMapping
  @Operation(
      summary =
          "Deploy a model version: checks the request (400 naming the field, 409 for a taken name"
              + " or the quota), reserves the first hour at minReplicas (402 when the tenant lacks"
              + " the credits; nothing starts), then deploy-model provisions, smoke-tests and"
              + " publishes the endpoint; poll the deployment until READY")
  ResponseEntity<DeploymentView> create(
      Caller caller,
      @Valid @RequestBody DeploymentRequest body,
      @RequestParam(required = false) UUID tenantId) {
    UUID tenant = access.actingTenant(caller, tenantId);
    Deployment deployment = launcher.launch(tenant, rules.check(tenant, body));
    return ResponseEntity.created(URI.create("/api/v1/deployments/" + deployment.id()))
        .body(views.view(deployment));
  }

  @GetMapping
  @Operation(summary = "The tenant's deployments, newest first")
  ResultPage<DeploymentView> list(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(required = false)
          @Pattern(
              regexp = "(?i)provisioning|ready|draining|deleted|failed|rejected",
              message = "must be one of provisioning, ready, draining, deleted, failed, rejected")
          String status,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    return views.list(
        access.actingTenant(caller, tenantId), DeploymentStatus.of(status), page, size);
  }

  @GetMapping("/{deploymentId}")
  @Operation(
      summary =
          "A deployment: status, URL, desired and ready replicas, the endpoint's state, recent"
              + " scaling events with their reasons, the smoke test, and its credits (reserved,"
              + " charged, replica-seconds)")
  DeploymentView get(
      Caller caller,
      @PathVariable UUID deploymentId,
      @RequestParam(required = false) UUID tenantId) {
    return views.view(views.find(access.actingTenant(caller, tenantId), deploymentId));
  }

  @GetMapping("/{deploymentId}/scaling-events")
  @Operation(summary = "Every scaling decision of the deployment's endpoint, oldest first")
  ResultPage<ScalingEventView> scalingEvents(
      Caller caller,
      @PathVariable UUID deploymentId,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
    return views.scalingEvents(
        views.find(access.actingTenant(caller, tenantId), deploymentId), page, size);
  }

  @PostMapping("/{deploymentId}/infer")
  @Operation(
      summary =
          "Call the deployment's endpoint from inside the platform (as connectors do), private"
              + " ones included: the body is an OIP v2 inference request, the answer is the"
              + " endpoint's own status and body; 409 unless the deployment is ready")
  ResponseEntity<JsonNode> infer(
      Caller caller,
      @PathVariable UUID deploymentId,
      @RequestBody JsonNode request,
      @RequestParam(required = false) UUID tenantId) {
    Deployment deployment = views.find(access.actingTenant(caller, tenantId), deploymentId);
    EndpointInvoker.Answer answer = invoker.infer(deployment, request);
    return ResponseEntity.status(answer.status()).body(answer.body());
  }

  @DeleteMapping("/{deploymentId}")
  @Operation(
      summary =
          "Undeploy: starts undeploy-model (drain, remove the endpoint, settle the credits) and"
              + " answers 202 with the deployment DRAINING; again while it drains: 202, nothing"
              + " new; an ended deployment: 200 as it is")
  ResponseEntity<DeploymentView> delete(
      Caller caller,
      @PathVariable UUID deploymentId,
      @RequestParam(required = false) UUID tenantId) {
    Deployment deployment = views.find(access.actingTenant(caller, tenantId), deploymentId);
    if (!deployment.status().live()) {
      return ResponseEntity.ok(views.view(deployment));
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(views.view(launcher.undeploy(deployment)));
  }
}
