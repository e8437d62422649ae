package dev.millrace.platform.deployments;

import dev.millrace.platform.testing.PlatformTest;

@PlatformTest
class EndpointBillingOnH2Test extends EndpointBillingContract {}
