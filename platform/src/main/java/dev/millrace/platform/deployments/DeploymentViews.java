package dev.millrace.platform.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.credits.CreditReservation;
import dev.millrace.platform.credits.CreditStatements;
import dev.millrace.platform.credits.Credits;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.platform.web.ResultPage;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.ScalingEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/** Deployments as the REST API shows them: the stored row with the backend's live figures. */
@Component
class DeploymentViews {

  static final int RECENT_EVENTS = 20;

  record Autoscaling(String policy, double target, int minReplicas, int maxReplicas) {}

  record Replicas(int desired, int ready) {}

  /**
   * @param name the endpoint's name on the router (the model is served under it too)
   * @param state the backend's view: PROVISIONING, READY (serving, or scaled to zero and able to
   *     cold-start), FAILED (replicas keep failing to start) or DELETED
   */
  record Endpoint(String name, String state, String message) {}

  record ScalingEventView(Instant at, int fromReplicas, int toReplicas, String reason) {}

  /**
   * Credits in credits (six decimals). {@code replicaSeconds}: replica time used so far; {@code
   * charged}: captured from the reservation up to the last settlement (each monitor round, and the
   * final one); {@code reserved}: set aside in all (first period and top-ups); {@code released}:
   * returned at the end; {@code unpaid}: use the tenant's credits could not cover.
   */
  record CreditsView(
      BigDecimal pricePerReplicaSecond,
      double replicaSeconds,
      String reservationKey,
      String reservationState,
      BigDecimal reserved,
      BigDecimal charged,
      BigDecimal released,
      BigDecimal unpaid) {}

  record Processes(Long deployProcessInstanceKey, Long undeployProcessInstanceKey) {}

  record DeploymentView(
      UUID id,
      UUID tenantId,
      String name,
      String status,
      String url,
      UUID modelVersionId,
      String catalogEntry,
      String visibility,
      String computeType,
      String computeSize,
      String podSize,
      Autoscaling autoscaling,
      Replicas replicas,
      Endpoint endpoint,
      List<ScalingEventView> scalingEvents,
      CreditsView credits,
      JsonNode smokeTest,
      String failureMessage,
      Processes processes,
      Instant createdAt,
      Instant readyAt,
      Instant undeployRequestedAt,
      Instant finishedAt) {}

  private final DeploymentRepository deployments;
  private final ScalingEventRepository events;
  private final CreditStatements statements;
  private final ObjectProvider<ComputeBackend> compute;
  private final EndpointMeter meter;
  private final ObjectMapper json;

  DeploymentViews(
      DeploymentRepository deployments,
      ScalingEventRepository events,
      CreditStatements statements,
      ObjectProvider<ComputeBackend> compute,
      EndpointMeter meter,
      ObjectMapper json) {
    this.deployments = deployments;
    this.events = events;
    this.statements = statements;
    this.compute = compute;
    this.meter = meter;
    this.json = json;
  }

  Deployment find(UUID tenantId, UUID id) {
    return deployments
        .findByIdAndTenantId(id, tenantId)
        .orElseThrow(() -> new NotFoundException("deployment", id));
  }

  ResultPage<DeploymentView> list(UUID tenantId, DeploymentStatus status, int page, int size) {
    PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
    return ResultPage.of(
        status == null
            ? deployments.findByTenantId(tenantId, request)
            : deployments.findByTenantIdAndStatus(tenantId, status, request),
        list -> list.stream().map(this::view).toList());
  }

  /** Every scaling event, oldest first. */
  ResultPage<ScalingEventView> scalingEvents(Deployment d, int page, int size) {
    return ResultPage.of(
        events.findByDeploymentId(
            d.id(), PageRequest.of(page, size, Sort.by("occurredAt").and(Sort.by("id")))),
        list -> list.stream().map(DeploymentViews::view).toList());
  }

  DeploymentView view(Deployment d) {
    Optional<EndpointStatus> live =
        d.tornDownAt() == null
            ? Optional.ofNullable(compute.getIfAvailable())
                .flatMap(c -> c.endpointStatus(d.id().toString()))
            : Optional.empty();
    Replicas replicas =
        live.map(s -> new Replicas(s.desiredReplicas(), s.readyReplicas()))
            .orElse(new Replicas(d.desiredReplicas(), d.readyReplicas()));
    Endpoint endpoint =
        live.map(s -> new Endpoint(d.endpointName(), s.state(), s.message()))
            .orElse(
                new Endpoint(
                    d.endpointName(),
                    d.tornDownAt() != null ? "DELETED" : d.endpointState(),
                    d.endpointMessage()));
    return new DeploymentView(
        d.id(),
        d.tenantId(),
        d.name(),
        d.status().name(),
        d.url() == null ? null : live.map(EndpointStatus::url).orElse(d.url()),
        d.modelVersionId(),
        d.catalogEntry(),
        d.visibility(),
        d.computeType(),
        d.computeSize(),
        d.podSize(),
        new Autoscaling(d.scalingPolicy(), d.scalingTarget(), d.minReplicas(), d.maxReplicas()),
        replicas,
        endpoint,
        recentEvents(d, live),
        credits(d),
        parse(d.smokeTest()),
        d.failureMessage(),
        new Processes(d.deployProcessKey(), d.undeployProcessKey()),
        d.createdAt(),
        d.publishedAt(),
        d.undeployRequestedAt(),
        d.finishedAt());
  }

  /** The stored events, and any the backend holds that its report has not stored yet. */
  private List<ScalingEventView> recentEvents(Deployment d, Optional<EndpointStatus> live) {
    List<ScalingEventView> recent =
        new ArrayList<>(
            events
                .findByDeploymentId(
                    d.id(),
                    PageRequest.of(
                        0, RECENT_EVENTS, Sort.by(Sort.Direction.DESC, "occurredAt", "id")))
                .map(DeploymentViews::view)
                .getContent()
                .reversed());
    Instant newest = recent.isEmpty() ? Instant.MIN : recent.getLast().at();
    for (ScalingEvent e : live.map(EndpointStatus::recentScalingEvents).orElse(List.of())) {
      if (e.at().isAfter(newest)) {
        recent.add(new ScalingEventView(e.at(), e.fromReplicas(), e.toReplicas(), e.reason()));
      }
    }
    return recent.size() <= RECENT_EVENTS
        ? recent
        : List.copyOf(recent.subList(recent.size() - RECENT_EVENTS, recent.size()));
  }

  private CreditsView credits(Deployment d) {
    Optional<CreditReservation> reservation = statements.reservation(d.reservationKey());
    double replicaSeconds = d.billing().meteredReplicaSeconds();
    if (d.tornDownAt() == null && d.settledAt() == null) {
      OptionalDouble reading = meter.replicaSeconds(d.id().toString());
      if (reading.isPresent()) {
        replicaSeconds +=
            meter.session().equals(d.billing().meterSession())
                ? Math.max(0, reading.getAsDouble() - d.billing().meterReading())
                : reading.getAsDouble();
      }
    }
    return new CreditsView(
        d.billing().pricePerReplicaSecond().stripTrailingZeros(),
        replicaSeconds,
        d.reservationKey(),
        reservation.map(r -> r.state().name()).orElse(null),
        Credits.decimal(reservation.map(CreditReservation::reserved).orElse(0L)),
        Credits.decimal(d.billing().capturedMicroCredits()),
        Credits.decimal(reservation.map(CreditReservation::released).orElse(0L)),
        Credits.decimal(d.billing().shortfallMicroCredits()));
  }

  private JsonNode parse(String document) {
    if (document == null) {
      return null;
    }
    try {
      return json.readTree(document);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(document);
    }
  }

  private static ScalingEventView view(ScalingEventRecord e) {
    return new ScalingEventView(e.occurredAt(), e.fromReplicas(), e.toReplicas(), e.reason());
  }
}
