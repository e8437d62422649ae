package dev.millrace.platform.credits;

import dev.millrace.platform.testing.PlatformTest;
import dev.millrace.platform.testing.PostgresTest;

@PlatformTest
@PostgresTest
class CreditLedgerOnPostgresTest extends CreditLedgerContract {}
