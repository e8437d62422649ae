package dev.millrace.platform.deployments;

import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.ComputeBackend;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What makes a deployment acceptable: a model version of the tenant that the catalogue prices on
 * the chosen compute, a GPU where one is asked for, a replica that fits its compute, sane scaling
 * bounds and the tenant's quota. The REST API checks these before any credit moves (400 naming the
 * field, 409 for names and quota); deploy-model's validate step checks them again
 * (INVALID_DEPLOYMENT), since time passes between the two.
 *
 * <p>Names: a deployment's {@code name} is a DNS label of at most 54 characters, unique among the
 * tenant's live deployments (an ended deployment frees it). Endpoint URLs share one namespace on
 * the platform, so the endpoint is called {@code <name>-<first 8 hex digits of the tenant id>}:
 * stable for a tenant and a name, and two tenants may both deploy {@code churn}.
 */
@Component
class DeploymentRules {

  static final String NAME = "[a-z0-9]([-a-z0-9]{0,52}[a-z0-9])?";
  static final String NAME_RULE =
      "must be 1-54 lower-case letters, digits or '-', starting and ending with a letter or digit";

  private static final EnumSet<DeploymentStatus> LIVE =
      EnumSet.of(DeploymentStatus.PROVISIONING, DeploymentStatus.READY, DeploymentStatus.DRAINING);

  private final DeployableModels models;
  private final EndpointTariff tariff;
  private final DeploymentRepository deployments;
  private final ObjectProvider<ComputeBackend> compute;
  private final DeploymentProperties settings;

  DeploymentRules(
      DeployableModels models,
      EndpointTariff tariff,
      DeploymentRepository deployments,
      ObjectProvider<ComputeBackend> compute,
      DeploymentProperties settings) {
    this.models = models;
    this.tariff = tariff;
    this.deployments = deployments;
    this.compute = compute;
    this.settings = settings;
  }

  /** A checked request, with the price its replicas will cost. */
  record Checked(Deployment.Spec spec, BigDecimal pricePerReplicaSecond) {}

  /**
   * @throws InvalidFieldException naming the field
   * @throws ConflictException {@code name-taken} or {@code quota-exceeded}
   */
  Checked check(UUID tenantId, DeploymentRequest request) {
    DeployableModels.DeployableModel model =
        models
            .find(tenantId, request.modelVersionId())
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "modelVersionId",
                        "no model version "
                            + request.modelVersionId()
                            + " in this tenant; GET /api/v1/model-versions lists them"));
    if (model.retired()) {
      throw new InvalidFieldException(
          "modelVersionId",
          "the model version is archived; move it back to candidate (or a later stage) to deploy"
              + " it");
    }
    if (!ArtifactLayout.isArtifact(model.artifactDir())) {
      throw new InvalidFieldException(
          "modelVersionId", "the model version's artifact is missing; it cannot be served");
    }
    String computeType = or(request.computeType(), "cpu");
    String computeSize = or(request.computeSize(), "small");
    String podSize = or(request.podSize(), computeSize);
    if (size(podSize).cpus() > size(computeSize).cpus()) {
      throw new InvalidFieldException(
          "podSize",
          "a "
              + podSize
              + " replica does not fit on "
              + computeSize
              + " compute; use a podSize"
              + " no larger than computeSize");
    }
    DeploymentRequest.Autoscaling scaling = request.autoscaling();
    String policy = scaling == null ? "cpu" : or(scaling.policy(), "cpu");
    double target =
        scaling == null || scaling.target() == null
            ? (policy.equals("cpu") ? 70 : 10)
            : scaling.target();
    if (policy.equals("cpu") && target > 100) {
      throw new InvalidFieldException(
          "autoscaling.target", "a cpu target is a percentage of the pod's CPUs: 1 to 100");
    }
    int min = scaling == null || scaling.minReplicas() == null ? 1 : scaling.minReplicas();
    int max =
        scaling == null || scaling.maxReplicas() == null ? Math.max(min, 1) : scaling.maxReplicas();
    if (min > max) {
      throw new InvalidFieldException(
          "autoscaling.minReplicas", "must not exceed maxReplicas (" + min + " > " + max + ")");
    }
    if (max > settings.maxReplicasPerDeployment()) {
      throw new InvalidFieldException(
          "autoscaling.maxReplicas",
          "at most " + settings.maxReplicasPerDeployment() + " replicas per deployment");
    }
    CatalogEntry entry =
        tariff
            .entry(model.catalogEntry())
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "modelVersionId",
                        "its catalogue entry '" + model.catalogEntry() + "' is no longer offered"));
    BigDecimal price =
        tariff
            .pricePerReplicaSecond(entry, computeType, podSize)
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "computeType",
                        entry.id() + " does not run on " + computeType + " (no price for it)"));
    if (computeType.equals("gpu") && !gpuAvailable()) {
      throw new InvalidFieldException(
          "computeType",
          "gpu is not available: this platform's compute backend has no usable GPU; use cpu");
    }
    if (deployments.existsByTenantIdAndLiveName(tenantId, request.name())) {
      throw new ConflictException(
          "name-taken",
          "A live deployment named '" + request.name() + "' exists; undeploy it or pick another");
    }
    requireQuota(tenantId, max, Instant.MAX);
    String endpointName = endpointName(request.name(), tenantId);
    if (deployments.existsByLiveEndpointName(endpointName)) {
      throw new ConflictException(
          "name-taken",
          "The endpoint name '" + endpointName + "' is in use on this platform; pick another name");
    }
    return new Checked(
        new Deployment.Spec(
            request.name(),
            endpointName,
            model.id(),
            model.catalogEntry(),
            model.artifactDir(),
            or(request.visibility(), "private"),
            computeType,
            computeSize,
            podSize,
            policy,
            target,
            min,
            max),
        price);
  }

  /**
   * deploy-model's validate step.
   *
   * @throws WorkerFailure INVALID_DEPLOYMENT naming every problem
   */
  void recheck(Deployment d) {
    List<String> problems = new ArrayList<>();
    if (!ArtifactLayout.isArtifact(d.artifactDir())) {
      problems.add("the model artifact " + d.artifactDir() + " is missing");
    }
    if (tariff
        .entry(d.catalogEntry())
        .flatMap(e -> tariff.pricePerReplicaSecond(e, d.computeType(), d.podSize()))
        .isEmpty()) {
      problems.add(
          d.catalogEntry() + " is no longer offered on " + d.computeType() + "/" + d.podSize());
    }
    if (d.computeType().equals("gpu") && !gpuAvailable()) {
      problems.add("computeType gpu: this platform's compute backend has no usable GPU");
    }
    try {
      requireQuota(d.tenantId(), 0, d.createdAt());
    } catch (ConflictException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw WorkerFailure.invalidDeployment(String.join("; ", problems));
    }
  }

  /**
   * @param addedMaxReplicas a new deployment's maxReplicas; 0 when it is already counted
   * @param madeBy only deployments made by then count: of two requests that both passed the REST
   *     check, the later one is refused by the process, and the earlier one is not
   */
  private void requireQuota(UUID tenantId, int addedMaxReplicas, Instant madeBy) {
    Object[] usage = deployments.usage(tenantId, LIVE, madeBy).get(0);
    long count = ((Number) usage[0]).longValue() + (addedMaxReplicas > 0 ? 1 : 0);
    long replicas = ((Number) usage[1]).longValue() + addedMaxReplicas;
    if (count > settings.maxDeploymentsPerTenant()) {
      throw new ConflictException(
          "quota-exceeded",
          "Quota: at most "
              + settings.maxDeploymentsPerTenant()
              + " live deployments per tenant; undeploy one first");
    }
    if (replicas > settings.maxReplicasPerTenant()) {
      throw new ConflictException(
          "quota-exceeded",
          "Quota: at most "
              + settings.maxReplicasPerTenant()
              + " replicas (the sum of maxReplicas) over a tenant's live deployments; this would"
              + " make "
              + replicas);
    }
  }

  /** The endpoint's name on the platform's router (see the class comment). */
  static String endpointName(String name, UUID tenantId) {
    return name + "-" + tenantId.toString().substring(0, 8);
  }

  private boolean gpuAvailable() {
    ComputeBackend backend = compute.getIfAvailable();
    return backend != null && backend.gpuAvailable();
  }

  private static ComputeSize size(String name) {
    return ComputeSize.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
