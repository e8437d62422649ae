package dev.millrace.platform.credits;

import dev.millrace.platform.testing.PlatformTest;

@PlatformTest
class CreditLedgerOnH2Test extends CreditLedgerContract {}
