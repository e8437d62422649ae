package dev.millrace.workers.compute;

import java.util.List;

/**
 * An endpoint as it is now.
 *
 * @param state PROVISIONING, READY (at least one replica serving, or scaled to zero and able to
 *     cold-start), FAILED or DELETED
 */
public record EndpointStatus(
    String endpointId,
    String state,
    String url,
    int desiredReplicas,
    int readyReplicas,
    List<ScalingEvent> recentScalingEvents,
    String message) {

  public boolean ready() {
    return "READY".equals(state);
  }
}
