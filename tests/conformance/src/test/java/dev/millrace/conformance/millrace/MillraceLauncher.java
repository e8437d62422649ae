package dev.millrace.conformance.millrace;

import dev.millrace.conformance.engine.EngineLauncher;
import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.engine.InstanceHistory;
import dev.millrace.engine.MillraceEngine;
import dev.millrace.engine.clock.ControlledClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts Millrace's engine as a library, on a free port, in a fresh data directory, with a
 * controlled clock and an exporter that feeds the conformance inspector.
 */
public final class MillraceLauncher implements EngineLauncher {

  @Override
  public EngineUnderTest launch() throws IOException {
    Path dataDirectory = Files.createTempDirectory("millrace-conformance-");
    ControlledClock clock = ControlledClock.startingNow();
    InstanceHistory history = new InstanceHistory();
    MillraceEngine engine =
        MillraceEngine.builder()
            .dataDirectory(dataDirectory)
            .grpcPort(0)
            .clock(clock)
            .exporter("conformance-inspector", new InspectorExporter(history))
            .build()
            .start();
    return new MillraceEngineUnderTest(engine, clock, history, dataDirectory);
  }

  /**
   * Open engine bugs found by the suites (see tests/conformance/README.md). Remove an entry when
   * the engine is fixed; the scenario then fails until it is removed.
   */
  @Override
  public Map<String, String> knownDeviations() {
    String outputCollection =
        "multi-instance output: Zeebe creates the outputElement variable as a local variable of"
            + " each inner instance and propagates the body's outputCollection to the parent scope"
            + " when the body completes (modeler/bpmn/multi-instance); Millrace never propagates"
            + " the outputCollection and lets the inner result variable leak to the root scope";
    Map<String, String> deviations = new LinkedHashMap<>();
    for (String scenario :
        List.of(
            "parallelTaskRunsOneInstancePerItemAndCollectsOutputInInputOrder",
            "sequentialTaskRunsOneInstanceAtATimeInOrder",
            "emptyInputCollectionSkipsTheActivityWithAnEmptyOutputCollection",
            "parallelSubProcessRunsItsInnerFlowPerItem",
            "sequentialSubProcessRunsOneItemAtATime",
            "parallelCallActivityCallsOneChildPerItem",
            "sequentialCallActivityCallsOneChildAtATime")) {
      deviations.put("MultiInstanceSuite#" + scenario, outputCollection);
    }
    deviations.put(
        "CallActivitySuite#outputMappingsSelectTheChildVariablesThatComeBack",
        "call activity with output mappings: Zeebe propagates only the output-mapped variables"
            + " (modeler/bpmn/call-activities); Millrace also propagates every child variable");
    deviations.put(
        "ProcessInstanceCreationSuite#processWithoutNoneStartEventIsFailedPrecondition",
        "CreateProcessInstance of a process without a none start event: Zeebe answers"
            + " FAILED_PRECONDITION (zeebe-api/gateway-service); Millrace answers INVALID_ARGUMENT");
    deviations.put(
        "GrpcApiSuite#activationWithABlankWorkerIsInvalidArgument",
        "ActivateJobs with a blank worker: Zeebe answers INVALID_ARGUMENT"
            + " (zeebe-api/gateway-service); Millrace activates the jobs");
    return deviations;
  }
}
