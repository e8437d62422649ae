package dev.millrace.platform.compute.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the local compute backend (prefix {@code millrace.compute.local}); each has a
 * default, listed in platform/README.md ("Local compute").
 */
@ConfigurationProperties("millrace.compute.local")
public class LocalComputeProperties {

  static final Path BUILT_JAR = Path.of("model-runtime", "target", "millrace-model-runtime.jar");

  /**
   * The runnable model-runtime jar; null: the one the build produces ({@code
   * model-runtime/target/millrace-model-runtime.jar}, looked up from the working directory and its
   * parent).
   */
  private Path runtimeJar = null;

  /** The {@code java} that runs the runtime; default: the platform's own. */
  private String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /**
   * Where the child processes find the unpacked libtorch ({@code DJL_CACHE_DIR}); null: the
   * platform's own ({@code DJL_CACHE_DIR}, by default {@code ${millrace.data-dir}/djl-cache}).
   */
  private Path djlCacheDir = null;

  /** Added to every child JVM's command line. */
  private List<String> jvmOptions = List.of("-XX:+UseSerialGC");

  /** How often each endpoint's autoscaler decides. */
  private Duration autoscaleInterval = Duration.ofSeconds(1);

  /** Requests/s, in-flight and CPU are averaged over this window. */
  private Duration metricsWindow = Duration.ofSeconds(5);

  /**
   * Scale-in stabilisation: the replica count drops only to the highest recommendation seen over
   * this window.
   */
  private Duration scaleInWindow = Duration.ofSeconds(60);

  /** With {@code minReplicas = 0}: no request for this long scales the endpoint to zero. */
  private Duration scaleToZeroAfter = Duration.ofMinutes(5);

  /** How long a request waits for a replica of a scaled-to-zero (or starting) endpoint. */
  private Duration coldStartTimeout = Duration.ofSeconds(60);

  /** A replica not ready after this long is stopped and counted as a failed start. */
  private Duration replicaStartTimeout = Duration.ofSeconds(120);

  /** How long a replica being stopped may finish the requests it holds. */
  private Duration drainGrace = Duration.ofSeconds(10);

  /** How long a training being stopped may take to checkpoint and exit. */
  private Duration trainingStopGrace = Duration.ofSeconds(30);

  /**
   * Requests the router sends to one replica at once (also the replica's own admission limit); when
   * every replica is full: 503.
   */
  private int maxInFlightPerReplica = 128;

  /** Per API key on public endpoints: the token bucket's refill rate. */
  private double publicRequestsPerSecond = 20;

  /** Per API key on public endpoints: the token bucket's size. */
  private int publicBurst = 40;

  /** Largest request body the router forwards (413 beyond). */
  private long maxRequestBytes = 32L * 1024 * 1024;

  /**
   * The endpoints' URL prefix as callers see it; null: {@code http://127.0.0.1:<the platform's HTTP
   * port>}.
   */
  private String routerBaseUrl = null;

  public Path getRuntimeJar() {
    return runtimeJar;
  }

  public void setRuntimeJar(Path runtimeJar) {
    this.runtimeJar = runtimeJar;
  }

  public String getJavaCommand() {
    return javaCommand;
  }

  public void setJavaCommand(String javaCommand) {
    this.javaCommand = javaCommand;
  }

  public Path getDjlCacheDir() {
    return djlCacheDir;
  }

  public void setDjlCacheDir(Path djlCacheDir) {
    this.djlCacheDir = djlCacheDir;
  }

  public List<String> getJvmOptions() {
    return jvmOptions;
  }

  public void setJvmOptions(List<String> jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  public Duration getAutoscaleInterval() {
    return autoscaleInterval;
  }

  public void setAutoscaleInterval(Duration autoscaleInterval) {
    this.autoscaleInterval = autoscaleInterval;
  }

  public Duration getMetricsWindow() {
    return metricsWindow;
  }

  public void setMetricsWindow(Duration metricsWindow) {
    this.metricsWindow = metricsWindow;
  }

  public Duration getScaleInWindow() {
    return scaleInWindow;
  }

  public void setScaleInWindow(Duration scaleInWindow) {
    this.scaleInWindow = scaleInWindow;
  }

  public Duration getScaleToZeroAfter() {
    return scaleToZeroAfter;
  }

  public void setScaleToZeroAfter(Duration scaleToZeroAfter) {
    this.scaleToZeroAfter = scaleToZeroAfter;
  }

  public Duration getColdStartTimeout() {
    return coldStartTimeout;
  }

  public void setColdStartTimeout(Duration coldStartTimeout) {
    this.coldStartTimeout = coldStartTimeout;
  }

  public Duration getReplicaStartTimeout() {
    return replicaStartTimeout;
  }

  public void setReplicaStartTimeout(Duration replicaStartTimeout) {
    this.replicaStartTimeout = replicaStartTimeout;
  }

  public Duration getDrainGrace() {
    return drainGrace;
  }

  public void setDrainGrace(Duration drainGrace) {
    this.drainGrace = drainGrace;
  }

  public Duration getTrainingStopGrace() {
    return trainingStopGrace;
  }

  public void setTrainingStopGrace(Duration trainingStopGrace) {
    this.trainingStopGrace = trainingStopGrace;
  }

  public int getMaxInFlightPerReplica() {
    return maxInFlightPerReplica;
  }

  public void setMaxInFlightPerReplica(int maxInFlightPerReplica) {
    this.maxInFlightPerReplica = maxInFlightPerReplica;
  }

  public double getPublicRequestsPerSecond() {
    return publicRequestsPerSecond;
  }

  public void setPublicRequestsPerSecond(double publicRequestsPerSecond) {
    this.publicRequestsPerSecond = publicRequestsPerSecond;
  }

  public int getPublicBurst() {
    return publicBurst;
  }

  public void setPublicBurst(int publicBurst) {
    this.publicBurst = publicBurst;
  }

  public long getMaxRequestBytes() {
    return maxRequestBytes;
  }

  public void setMaxRequestBytes(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  public String getRouterBaseUrl() {
    return routerBaseUrl;
  }

  public void setRouterBaseUrl(String routerBaseUrl) {
    this.routerBaseUrl = routerBaseUrl;
  }

  /**
   * The runtime jar to run.
   *
   * @throws IllegalStateException naming where it was looked for, when it is not there
   */
  public Path resolvedRuntimeJar() {
    if (runtimeJar != null) {
      if (!Files.isRegularFile(runtimeJar)) {
        throw new IllegalStateException(
            "millrace.compute.local.runtime-jar: no file at " + runtimeJar.toAbsolutePath());
      }
      return runtimeJar;
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(here.resolve(BUILT_JAR), here.resolveSibling(BUILT_JAR))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the model runtime jar was not found at "
            + here.resolve(BUILT_JAR)
            + " (build it: ./mvnw -pl model-runtime -am package) or set"
            + " millrace.compute.local.runtime-jar");
  }
}
