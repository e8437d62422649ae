package dev.millrace.platform.deployments;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deployments feature (prefix {@code millrace.deployments}); defaults and meaning
 * are listed in platform/README.md ("Deployments").
 *
 * @param readinessTimeout deploy-model fails a deployment whose endpoint is not ready in this time
 * @param monitorInterval how often monitor-endpoint settles an endpoint's use
 * @param reservationPeriod credits reserved up front: this long at {@code max(minReplicas, 1)}
 *     replicas
 * @param maxDeploymentsPerTenant live deployments one tenant may hold
 * @param maxReplicasPerTenant the sum of {@code maxReplicas} over a tenant's live deployments
 * @param maxReplicasPerDeployment the largest {@code maxReplicas} one deployment may ask
 * @param smokeTestTimeout how long the smoke test keeps trying the endpoint
 * @param smokeTestCompare also predict the smoke test's row in process and compare the answers
 */
@ConfigurationProperties("millrace.deployments")
public record DeploymentProperties(
    @DefaultValue("10m") Duration readinessTimeout,
    @DefaultValue("1m") Duration monitorInterval,
    @DefaultValue("1h") Duration reservationPeriod,
    @DefaultValue("10") int maxDeploymentsPerTenant,
    @DefaultValue("20") int maxReplicasPerTenant,
    @DefaultValue("10") int maxReplicasPerDeployment,
    @DefaultValue("60s") Duration smokeTestTimeout,
    @DefaultValue("true") boolean smokeTestCompare) {}
