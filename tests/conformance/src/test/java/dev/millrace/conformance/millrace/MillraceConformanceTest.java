package dev.millrace.conformance.millrace;

import dev.millrace.conformance.junit.ConformanceEngine;
import dev.millrace.conformance.junit.EngineConformance;

/** Every conformance suite against Millrace's own engine, embedded as a library. */
@ConformanceEngine(MillraceLauncher.class)
class MillraceConformanceTest extends EngineConformance {}
