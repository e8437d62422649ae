package dev.millrace.platform.deployments;

import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.TestDataDirectory;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform as {@code @PlatformTest} starts it, with times short enough to watch an
 * endpoint's life in a test: a monitor round every 2 s, and an autoscaler that reacts within
 * seconds and scales to zero after 4 idle seconds. Every deployments test class shares this one
 * context (and the iris model {@link Deploys#owner} trains in it once).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "millrace.engine.grpc-port=0",
      "millrace.bootstrap-api-key=" + Api.ADMIN_KEY,
      "millrace.deployments.monitor-interval=2s",
      "millrace.deployments.readiness-timeout=3m",
      "millrace.deployments.max-replicas-per-tenant=16",
      "millrace.compute.local.autoscale-interval=500ms",
      "millrace.compute.local.metrics-window=2s",
      "millrace.compute.local.scale-in-window=3s",
      "millrace.compute.local.scale-to-zero-after=4s",
      "millrace.compute.local.drain-grace=2s"
    })
@ContextConfiguration(initializers = TestDataDirectory.class)
@AutoConfigureObservability(tracing = false)
@interface DeploymentsTest {}
