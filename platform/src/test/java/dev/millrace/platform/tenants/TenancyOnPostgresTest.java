package dev.millrace.platform.tenants;

import dev.millrace.platform.testing.PlatformTest;
import dev.millrace.platform.testing.PostgresTest;

@PlatformTest
@PostgresTest
class TenancyOnPostgresTest extends TenancyContract {}
