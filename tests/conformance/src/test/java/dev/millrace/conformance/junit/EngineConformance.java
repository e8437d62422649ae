package dev.millrace.conformance.junit;

import dev.millrace.conformance.suites.CallActivitySuite;
import dev.millrace.conformance.suites.CancelSuite;
import dev.millrace.conformance.suites.DeploymentSuite;
import dev.millrace.conformance.suites.EventSuite;
import dev.millrace.conformance.suites.GatewaySuite;
import dev.millrace.conformance.suites.GrpcApiSuite;
import dev.millrace.conformance.suites.IncidentSuite;
import dev.millrace.conformance.suites.JobActivationSuite;
import dev.millrace.conformance.suites.JobLifecycleSuite;
import dev.millrace.conformance.suites.JobStreamingSuite;
import dev.millrace.conformance.suites.MalformedInputSuite;
import dev.millrace.conformance.suites.MessageSuite;
import dev.millrace.conformance.suites.MultiInstanceSuite;
import dev.millrace.conformance.suites.ProcessInstanceCreationSuite;
import dev.millrace.conformance.suites.SignalSuite;
import dev.millrace.conformance.suites.SpringJobWorkerSuite;
import dev.millrace.conformance.suites.SubProcessSuite;
import dev.millrace.conformance.suites.TaskDefinitionSuite;
import dev.millrace.conformance.suites.TaskSuite;
import dev.millrace.conformance.suites.ThrowErrorSuite;
import dev.millrace.conformance.suites.TimerSuite;
import dev.millrace.conformance.suites.UpdateJobTimeoutSuite;
import dev.millrace.conformance.suites.VariableSuite;
import org.junit.jupiter.api.Nested;

/**
 * Every conformance suite, once. An engine runner is a concrete subclass annotated with {@link
 * ConformanceEngine}:
 *
 * <pre>{@code
 * @ConformanceEngine(MyEngineLauncher.class)
 * class MyEngineConformanceTest extends EngineConformance {}
 * }</pre>
 *
 * <p>JUnit runs each nested suite against that runner's engine; a new suite is added here once and
 * then runs against every engine.
 */
public abstract class EngineConformance {

  @Nested
  class Deployment extends DeploymentSuite {}

  @Nested
  class ProcessInstanceCreation extends ProcessInstanceCreationSuite {}

  @Nested
  class Cancel extends CancelSuite {}

  @Nested
  class JobActivation extends JobActivationSuite {}

  @Nested
  class JobStreaming extends JobStreamingSuite {}

  @Nested
  class JobLifecycle extends JobLifecycleSuite {}

  @Nested
  class UpdateJobTimeout extends UpdateJobTimeoutSuite {}

  @Nested
  class ThrowError extends ThrowErrorSuite {}

  @Nested
  class Incidents extends IncidentSuite {}

  @Nested
  class Messages extends MessageSuite {}

  @Nested
  class Timers extends TimerSuite {}

  @Nested
  class Signals extends SignalSuite {}

  @Nested
  class Gateways extends GatewaySuite {}

  @Nested
  class Events extends EventSuite {}

  @Nested
  class Tasks extends TaskSuite {}

  @Nested
  class TaskDefinitions extends TaskDefinitionSuite {}

  @Nested
  class SubProcesses extends SubProcessSuite {}

  @Nested
  class CallActivities extends CallActivitySuite {}

  @Nested
  class MultiInstance extends MultiInstanceSuite {}

  @Nested
  class Variables extends VariableSuite {}

  @Nested
  class GrpcApi extends GrpcApiSuite {}

  @Nested
  class MalformedInput extends MalformedInputSuite {}

  @Nested
  class SpringJobWorker extends SpringJobWorkerSuite {}
}
