package dev.millrace.workers.compute;

import java.time.Instant;

/** One autoscaling decision and why it was taken. */
public record ScalingEvent(Instant at, int fromReplicas, int toReplicas, String reason) {}
