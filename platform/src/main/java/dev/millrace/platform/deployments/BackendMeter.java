package dev.millrace.platform.deployments;

import dev.millrace.platform.compute.local.LocalComputeBackend;
import dev.millrace.workers.compute.ComputeBackend;
import java.util.OptionalDouble;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@link EndpointMeter} of the platform's compute backend. The local backend counts replica
 * process lifetimes from the moment it applies an endpoint, and forgets them when the platform
 * stops: one session per backend instance, i.e. per platform start.
 */
@Component
class BackendMeter implements EndpointMeter {

  private static final Logger log = LoggerFactory.getLogger(BackendMeter.class);

  private final ObjectProvider<ComputeBackend> compute;
  private final String session = UUID.randomUUID().toString();
  private volatile boolean warned;

  BackendMeter(ObjectProvider<ComputeBackend> compute) {
    this.compute = compute;
  }

  @Override
  public String session() {
    return session;
  }

  @Override
  public OptionalDouble replicaSeconds(String endpointId) {
    ComputeBackend backend = compute.getIfAvailable();
    if (backend instanceof LocalComputeBackend local) {
      return local.replicaSeconds(endpointId);
    }
    if (!warned) {
      warned = true;
      log.warn(
          "the compute backend {} counts no replica time: endpoints are not charged",
          backend == null ? "(none)" : backend.getClass().getSimpleName());
    }
    return OptionalDouble.empty();
  }
}
