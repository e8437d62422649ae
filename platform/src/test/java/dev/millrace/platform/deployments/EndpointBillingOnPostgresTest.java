package dev.millrace.platform.deployments;

import dev.millrace.platform.testing.PlatformTest;
import dev.millrace.platform.testing.PostgresTest;

@PlatformTest
@PostgresTest
class EndpointBillingOnPostgresTest extends EndpointBillingContract {}
