package dev.millrace.workers.compute;

import java.nio.file.Path;

/**
 * What an endpoint should look like.
 *
 * @param visibility {@code private} (platform-internal callers only) or {@code public}
 * @param policy autoscaling on {@code cpu} utilisation or {@code requests} per replica
 * @param target the policy's target: CPU percent, or requests/s per replica
 */
public record EndpointSpec(
    String endpointId,
    String tenantId,
    String name,
    Path artifactDir,
    String visibility,
    String computeType,
    String computeSize,
    String podSize,
    String policy,
    double target,
    int minReplicas,
    int maxReplicas) {}
