package dev.millrace.platform.tenants;

import dev.millrace.platform.testing.PlatformTest;

@PlatformTest
class TenancyOnH2Test extends TenancyContract {}
