package dev.millrace.tests.durability;

import dev.millrace.tests.durability.CrashLedger.Activation;
import dev.millrace.tests.durability.CrashLedger.Attempt;
import dev.millrace.tests.durability.CrashProcesses.Kind;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the engine while it is being killed: driver threads create instances and publish
 * messages, job workers complete jobs, and everything the client sees goes into the {@link
 * CrashLedger}. A request that fails in any way counts as unacknowledged and is not retried
 * (retrying a creation could make a second instance), except message publishing, which is
 * idempotent through its message id.
 */
final class CrashLoad implements AutoCloseable {

  static final Duration JOB_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration MESSAGE_TTL = Duration.ofMinutes(30);
  private static final Duration PUBLISH_GIVE_UP = Duration.ofMinutes(2);
  private static final Kind[] KINDS = Kind.values();

  private final CamundaClient client;
  private final CrashLedger ledger;
  private final long seed;
  private final int drivers;
  private final int maxPauseMillis;
  private final AtomicLong instanceNumbers = new AtomicLong();
  private final List<Thread> driverThreads = new ArrayList<>();
  private final List<JobWorker> workers = new ArrayList<>();
  private final List<Throwable> driverFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean running;

  CrashLoad(CamundaClient client, CrashLedger ledger, long seed, int drivers, int maxPauseMillis) {
    this.client = client;
    this.ledger = ledger;
    this.seed = seed;
    this.drivers = drivers;
    this.maxPauseMillis = maxPauseMillis;
  }

  void start() {
    running = true;
    BackoffSupplier backoff =
        BackoffSupplier.newBackoffBuilder()
            .minDelay(50)
            .maxDelay(500)
            .backoffFactor(1.5)
            .jitterFactor(0.2)
            .build();
    for (String type : CrashProcesses.JOB_TYPES) {
      workers.add(
          client
              .newWorker()
              .jobType(type)
              .handler(this::work)
              .name("crash-" + type)
              .timeout(JOB_TIMEOUT)
              .maxJobsActive(32)
              .pollInterval(Duration.ofMillis(100))
              .requestTimeout(Duration.ofSeconds(2))
              .backoffSupplier(backoff)
              // Both delivery paths: pushed streams for two types, long polling for the others.
              .streamEnabled(
                  type.equals(CrashProcesses.STEP_A) || type.equals(CrashProcesses.FINISH))
              .open());
    }
    for (int i = 0; i < drivers; i++) {
      var random = new Random(seed * 31 + i);
      var thread =
          new Thread(
              () -> {
                try {
                  drive(random);
                } catch (RuntimeException | Error e) {
                  driverFailures.add(e);
                }
              },
              "crash-driver-" + i);
      thread.setDaemon(true);
      driverThreads.add(thread);
      thread.start();
    }
  }

  /** Stops creating instances (pending message publications still finish); workers keep going. */
  void stopDrivers() throws InterruptedException {
    running = false;
    for (var thread : driverThreads) {
      thread.join(TimeUnit.MINUTES.toMillis(3));
    }
  }

  /** Failures of the load itself (a message never acknowledged); the test fails on any. */
  List<Throwable> driverFailures() {
    return List.copyOf(driverFailures);
  }

  long instancesAttempted() {
    return instanceNumbers.get();
  }

  // Never throws: an exception would make the client fail the job and burn a retry.
  private void work(JobClient jobClient, ActivatedJob job) {
    var variables = job.getVariablesAsMap();
    long n = CrashProcesses.number(variables, "n");
    ledger.activated(
        new Activation(
            job.getKey(),
            job.getType(),
            job.getElementId(),
            job.getProcessInstanceKey(),
            n,
            job.getDeadline() - JOB_TIMEOUT.toMillis(),
            variables));
    try {
      jobClient
          .newCompleteCommand(job.getKey())
          .variables(CrashProcesses.completion(job.getType(), variables))
          .send()
          .join(10, TimeUnit.SECONDS);
      ledger.completionAcknowledged(job.getKey(), System.currentTimeMillis());
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        ledger.completionNotFound();
      } else {
        ledger.completionUnanswered();
      }
    } catch (RuntimeException e) {
      ledger.completionUnanswered();
    }
  }

  private void drive(Random random) {
    while (running) {
      var kind = KINDS[random.nextInt(KINDS.length)];
      long n = instanceNumbers.incrementAndGet();
      var attempt = new Attempt(n, kind, 1 + random.nextInt(4));
      if (kind == Kind.BUFFERED && !publish(kind, n)) {
        continue;
      }
      ledger.attempted(attempt);
      long key = create(attempt);
      if (key > 0 && kind == Kind.MESSAGE) {
        untilAcknowledged(
            "variables of n=" + n,
            () ->
                client
                    .newSetVariablesCommand(key)
                    .variables(CrashProcesses.updatedVariables(n))
                    .send()
                    .join(10, TimeUnit.SECONDS),
            null);
        publish(kind, n);
      }
      if (key > 0 && kind == Kind.CANCELLED) {
        // NOT_FOUND on a retry: the unanswered attempt before it did cancel the instance.
        untilAcknowledged(
            "cancellation of n=" + n,
            () -> client.newCancelInstanceCommand(key).send().join(10, TimeUnit.SECONDS),
            Status.Code.NOT_FOUND);
        ledger.cancelled(n);
      }
      if (key < 0) {
        EngineProcess.sleep(50 + random.nextInt(100));
      } else if (maxPauseMillis > 0) {
        EngineProcess.sleep(random.nextInt(maxPauseMillis));
      }
    }
  }

  /** The process instance key, or -1 when the engine did not answer. */
  private long create(Attempt attempt) {
    try {
      var created =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(attempt.kind().processId())
              .latestVersion()
              .variables(
                  CrashProcesses.creationVariables(
                      attempt.kind(), attempt.n(), attempt.timerSeconds()))
              .send()
              .join(10, TimeUnit.SECONDS);
      ledger.created(attempt.n(), created.getProcessInstanceKey());
      return created.getProcessInstanceKey();
    } catch (RuntimeException e) {
      ledger.creationUnanswered();
      return -1;
    }
  }

  /**
   * Repeats an idempotent command until the engine acknowledges it ({@code alsoDone}: a status that
   * shows an earlier unanswered attempt took effect).
   */
  private void untilAcknowledged(String what, Runnable command, Status.Code alsoDone) {
    long giveUp = System.nanoTime() + PUBLISH_GIVE_UP.toNanos();
    while (System.nanoTime() < giveUp) {
      try {
        command.run();
        return;
      } catch (ClientStatusException e) {
        if (e.getStatusCode() == alsoDone) {
          return;
        }
      } catch (RuntimeException e) {
        // unanswered: the engine is down or restarting
      }
      EngineProcess.sleep(100);
    }
    throw new IllegalStateException(what + " was not acknowledged within " + PUBLISH_GIVE_UP);
  }

  /**
   * Publishes until the engine acknowledges it or says a message with this id is already buffered
   * (an earlier unanswered attempt made it). Returns false only when a buffered message is
   * abandoned because the drivers stopped before it was acknowledged.
   */
  private boolean publish(Kind kind, long n) {
    String correlationKey = (kind == Kind.MESSAGE ? "c-" : "b-") + n;
    String name =
        kind == Kind.MESSAGE ? CrashProcesses.GO_MESSAGE : CrashProcesses.BUFFERED_MESSAGE;
    long giveUp = System.nanoTime() + PUBLISH_GIVE_UP.toNanos();
    while (System.nanoTime() < giveUp) {
      if (kind == Kind.BUFFERED && !running) {
        return false;
      }
      try {
        client
            .newPublishMessageCommand()
            .messageName(name)
            .correlationKey(correlationKey)
            .messageId("m-" + correlationKey)
            .timeToLive(MESSAGE_TTL)
            .variables(CrashProcesses.messageVariables(kind, n))
            .send()
            .join(10, TimeUnit.SECONDS);
        ledger.messageAcknowledged(false);
        return true;
      } catch (ClientStatusException e) {
        if (e.getStatusCode() == Status.Code.ALREADY_EXISTS) {
          ledger.messageAcknowledged(true);
          return true;
        }
      } catch (RuntimeException e) {
        // unanswered: try again with the same message id
      }
      EngineProcess.sleep(100);
    }
    throw new IllegalStateException(
        "message " + correlationKey + " was not acknowledged within " + PUBLISH_GIVE_UP);
  }

  @Override
  public void close() {
    running = false;
    workers.forEach(worker -> EngineClients.closeWithin(Duration.ofSeconds(10), worker));
  }
}
