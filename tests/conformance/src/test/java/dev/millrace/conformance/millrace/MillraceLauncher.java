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
    Map<String, String> deviations = new LinkedHashMap<>();
    deviations.put(
        "MultiInstanceSuite#parallelSubProcessRunsItsInnerFlowPerItem",
        "parallel multi-instance sub-process whose script writes the outputElement variable:"
            + " Zeebe creates that variable locally in each inner instance, so each result lands"
            + " there and the collection is [A, B, C] (modeler/bpmn/multi-instance,"
            + " concepts/variables); Millrace merges the script results into the root scope and"
            + " collects the last one three times: [C, C, C]");
    for (String scenario :
        List.of(
            "parallelCallActivityCallsOneChildPerItem",
            "sequentialCallActivityCallsOneChildAtATime")) {
      deviations.put(
          "MultiInstanceSuite#" + scenario,
          "multi-instance call activity with an output mapping into the outputElement variable:"
              + " Zeebe applies the mapping in each inner instance and collects every child's"
              + " result (modeler/bpmn/multi-instance, variable mappings); Millrace propagates all"
              + " child variables to the root scope and collects wrong values ([null, null, 6],"
              + " [aa, aa, bb])");
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
