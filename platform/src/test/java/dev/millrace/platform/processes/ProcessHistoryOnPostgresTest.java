package dev.millrace.platform.processes;

import dev.millrace.platform.testing.PlatformTest;
import dev.millrace.platform.testing.PostgresTest;

@PlatformTest
@PostgresTest
class ProcessHistoryOnPostgresTest extends ProcessHistoryContract {}
