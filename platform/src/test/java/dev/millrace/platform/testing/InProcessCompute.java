package dev.millrace.platform.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.training.Cancellation;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingCancelledException;
import dev.millrace.runtime.training.TrainingEvent;
import dev.millrace.runtime.training.TrainingRequest;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.TrainingJob;
import dev.millrace.workers.compute.TrainingObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A {@link ComputeBackend} that trains for real, with the model runtime in this JVM on a thread per
 * run, and reports to the platform's {@link TrainingObserver} the way the local backend does:
 * started, every epoch, then exactly one end; idempotent start; resume from the run's checkpoints;
 * a cancel of a run it is not running reports it cancelled at once; {@link #close()} stops runs
 * silently (they resume on the next start). Endpoints are not its business.
 *
 * <p>One run trains at a time (the others wait their turn, reported only once they start): DJL's
 * PyTorch engine allows one gradient collector per process, which is why the real backend runs each
 * training in a child process.
 */
public final class InProcessCompute implements ComputeBackend, AutoCloseable {

  /** Import this in a test class to use it. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Config {
    @Bean(destroyMethod = "close")
    InProcessCompute inProcessCompute(
        ObjectProvider<TrainingObserver> observer, ObjectMapper json) {
      return new InProcessCompute(observer, json);
    }
  }

  private record Running(Thread thread, Cancellation cancellation, long startedNanos) {}

  private static final Object ONE_AT_A_TIME = new Object();

  private final ObjectProvider<TrainingObserver> observer;
  private final ObjectMapper json;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> silent = new ConcurrentHashMap<>();
  private volatile boolean closed;

  InProcessCompute(ObjectProvider<TrainingObserver> observer, ObjectMapper json) {
    this.observer = observer;
    this.json = json;
  }

  @Override
  public boolean gpuAvailable() {
    return false;
  }

  @Override
  public synchronized void startTraining(TrainingJob job) {
    if (closed) {
      throw new IllegalStateException("shutting down");
    }
    if (running.containsKey(job.runId())) {
      return;
    }
    Cancellation cancellation = new Cancellation();
    Path out = job.workDir().resolve("artifact");
    TrainingRequest request =
        job.isFineTune()
            ? TrainingRequest.fineTune(
                job.parentArtifact(),
                job.dataset(),
                out,
                new TrainingRequest.FineTuning(
                    null,
                    job.fineTune().learningRateFactor() == null
                        ? 0.1
                        : job.fineTune().learningRateFactor(),
                    job.fineTune().freezeLayers() == null ? 0 : job.fineTune().freezeLayers(),
                    job.fineTune().newHead()))
            : TrainingRequest.of(job.catalogEntry(), job.dataset(), job.target(), out);
    request =
        request
            .withHyperparameters(job.hyperparameters())
            .withEpochs(job.epochs())
            .withSeed(job.seed() == null ? 42 : job.seed())
            .withResume(true);
    TrainingRequest finalRequest = request;
    long started = System.nanoTime();
    Thread thread =
        Thread.ofPlatform()
            .name("in-process-training-" + job.runId())
            .unstarted(() -> train(job.runId(), finalRequest, cancellation, started));
    running.put(job.runId(), new Running(thread, cancellation, started));
    thread.start();
  }

  private void train(String runId, TrainingRequest request, Cancellation cancel, long started) {
    synchronized (ONE_AT_A_TIME) {
      if (silent.containsKey(runId)) {
        silent.remove(runId);
        running.remove(runId);
        return;
      }
      trainNow(runId, request, cancel, started);
    }
  }

  private void trainNow(String runId, TrainingRequest request, Cancellation cancel, long started) {
    TrainingObserver report = observer.getObject();
    try {
      ModelArtifact artifact =
          ModelTrainer.train(
              request,
              event -> {
                if (silent.containsKey(runId)) {
                  return;
                }
                switch (event) {
                  case TrainingEvent.Started s -> report.started(runId, asMap(s));
                  case TrainingEvent.Epoch e -> report.epoch(runId, asMap(e));
                  default -> {}
                }
              },
              cancel);
      running.remove(runId);
      report.succeeded(
          runId,
          artifact.directory(),
          Map.copyOf(artifact.card().evaluation().metrics()),
          seconds(started));
    } catch (TrainingCancelledException e) {
      running.remove(runId);
      if (silent.remove(runId) == null) {
        report.cancelled(runId, seconds(started));
      }
    } catch (RuntimeException e) {
      running.remove(runId);
      report.failed(runId, e.getMessage(), seconds(started));
    }
  }

  @Override
  public void cancelTraining(String runId) {
    Running run = running.get(runId);
    if (run != null) {
      run.cancellation().cancel();
    } else {
      Thread.ofVirtual().start(() -> observer.getObject().cancelled(runId, 0));
    }
  }

  @Override
  public EndpointStatus applyEndpoint(EndpointSpec spec) {
    throw new UnsupportedOperationException("endpoints are not part of this test backend");
  }

  @Override
  public void deleteEndpoint(String endpointId) {}

  @Override
  public Optional<EndpointStatus> endpointStatus(String endpointId) {
    return Optional.empty();
  }

  /** Whether the run is training here now. */
  public boolean isRunning(String runId) {
    return running.containsKey(runId);
  }

  /** Platform shutdown: every run stops at a batch boundary, unreported, to resume later. */
  @Override
  public void close() {
    closed = true;
    var stopping = Map.copyOf(running);
    stopping.forEach(
        (id, run) -> {
          silent.put(id, true);
          run.cancellation().cancel();
        });
    stopping.values().forEach(run -> joinQuietly(run.thread()));
  }

  private Map<String, Object> asMap(Object event) {
    return json.convertValue(event, new TypeReference<>() {});
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
