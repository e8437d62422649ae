package dev.millrace.conformance.camunda;

import dev.millrace.conformance.junit.ConformanceEngine;
import dev.millrace.conformance.junit.EngineConformance;

/** Every conformance suite against a real Camunda 8 in a container (skipped without Docker). */
@ConformanceEngine(Camunda8Container.class)
class Camunda8ConformanceTest extends EngineConformance {}
