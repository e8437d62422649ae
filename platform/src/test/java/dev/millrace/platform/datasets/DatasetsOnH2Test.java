package dev.millrace.platform.datasets;

import dev.millrace.platform.testing.PlatformTest;

@PlatformTest
class DatasetsOnH2Test extends DatasetsContract {}
