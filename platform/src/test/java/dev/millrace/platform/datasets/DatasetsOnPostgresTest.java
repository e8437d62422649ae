package dev.millrace.platform.datasets;

import dev.millrace.platform.testing.PlatformTest;
import dev.millrace.platform.testing.PostgresTest;

@PlatformTest
@PostgresTest
class DatasetsOnPostgresTest extends DatasetsContract {}
