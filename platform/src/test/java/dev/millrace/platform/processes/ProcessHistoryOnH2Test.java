package dev.millrace.platform.processes;

import dev.millrace.platform.testing.PlatformTest;

@PlatformTest
class ProcessHistoryOnH2Test extends ProcessHistoryContract {}
