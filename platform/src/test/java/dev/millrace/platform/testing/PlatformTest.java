package dev.millrace.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform on a random HTTP port with the embedded engine on a free port and a fresh data
 * directory; the admin key is {@link Api#ADMIN_KEY}. Classes with the same annotations share one
 * context (Spring's test context cache), so keep extra properties off test classes where you can.
 * Metrics export is on (Boot's tests switch it off by default) so {@code /actuator/prometheus}
 * answers as in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"millrace.engine.grpc-port=0", "millrace.bootstrap-api-key=" + Api.ADMIN_KEY})
@ContextConfiguration(initializers = TestDataDirectory.class)
@AutoConfigureObservability(tracing = false)
public @interface PlatformTest {}
