package dev.millrace.platform.compute.local;

import dev.millrace.workers.compute.EndpointStatus;

/**
 * Hears about an endpoint's changes as they happen: a replica became ready or failed, the
 * autoscaler changed the replica count (the new {@link dev.millrace.workers.compute.ScalingEvent}
 * is the last of {@code recentScalingEvents}). Called on one thread, in order; a slow listener
 * delays the next call, not the endpoint.
 */
@FunctionalInterface
public interface EndpointListener {

  void endpointChanged(EndpointStatus status);
}
