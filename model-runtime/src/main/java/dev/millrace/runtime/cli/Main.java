package dev.millrace.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.catalog.Catalog;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.catalog.HyperparameterException;
import dev.millrace.runtime.cli.Arguments.UsageException;
import dev.millrace.runtime.data.DataFormatException;
import dev.millrace.runtime.data.DatasetProfiler;
import dev.millrace.runtime.data.Task;
import dev.millrace.runtime.evaluation.ModelEvaluator;
import dev.millrace.runtime.playground.Playground;
import dev.millrace.runtime.serving.ModelServer;
import dev.millrace.runtime.serving.ServerOptions;
import dev.millrace.runtime.training.DjlEnvironment;
import dev.millrace.runtime.training.TrainingCancelledException;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar millrace-model-runtime.jar <command> [options]}. Results are JSON on stdout
 * (training: one JSON event per line); on any error the exit code is non-zero and stderr's last
 * line is {@code error: <one-line reason>}. Exit codes: 0 done, 1 failure, 2 usage, 3 bad data or
 * hyper-parameters, 4 cancelled.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int BAD_INPUT = 3;
  public static final int CANCELLED = 4;

  static final String USAGE_TEXT =
      """
      usage: millrace-model-runtime <command> [options]
        catalog   [--entry <id>] [--document]
        profile   --data <file> [--target <column>] [--task classification|regression]
        train     --model <entry> --data <file> --target <column> --out <dir>
                  [--param k=v ...] [--epochs n] [--seed s] [--device cpu|gpu|auto] [--resume]
        fine-tune --from <artifact dir> --data <file> --out <dir> [--param k=v ...] [--epochs n]
                  [--seed s] [--learning-rate-factor f] [--freeze-layers n] [--new-head] [--resume]
        evaluate  --model <artifact dir> --data <file>
        predict   --model <artifact dir|catalogue entry> --input <json|file>
        dry-run   --model <entry> --data <file> --target <column> [--param k=v ...]
                  [--compute-type cpu|gpu] [--compute-size small|medium|large]
        serve     --model <artifact dir> --port <p> [--host h] [--name n] [--max-batch rows]
                  [--max-delay-ms ms] [--max-in-flight n] [--workers n] [--grace-seconds s]
                  [--exit-on-stdin-close]
        devices
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.in);
    System.out.flush();
    System.exit(code);
  }

  public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      err.print(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    try {
      return switch (args[0]) {
        case "catalog" -> catalog(new Arguments(args, 1, Set.of("document")), out);
        case "profile" -> profile(new Arguments(args, 1, Set.of()), out);
        case "train", "fine-tune" ->
            new TrainCommand(args[0].equals("fine-tune"), out, in)
                .run(new Arguments(args, 1, Set.of("resume", "new-head", "cancel-on-stdin-close")));
        case "evaluate" -> evaluate(new Arguments(args, 1, Set.of()), out);
        case "predict" -> predict(new Arguments(args, 1, Set.of()), out);
        case "dry-run" -> dryRun(new Arguments(args, 1, Set.of()), out);
        case "serve" -> serve(new Arguments(args, 1, Set.of("exit-on-stdin-close")), out, in);
        case "devices" -> devices(new Arguments(args, 1, Set.of()), out);
        default -> throw new UsageException("unknown command '" + args[0] + "'\n" + USAGE_TEXT);
      };
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } catch (DataFormatException | HyperparameterException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } catch (TrainingCancelledException e) {
      err.println("error: " + e.getMessage());
      return CANCELLED;
    } catch (ModelRuntimeException | IllegalArgumentException e) {
      err.println("error: " + oneLine(e.getMessage()));
      return FAILED;
    } catch (RuntimeException e) {
      err.println("error: " + oneLine(e.toString()));
      return FAILED;
    }
  }

  static String oneLine(String message) {
    return message == null ? "unknown error" : message.replace('\n', ' ').strip();
  }

  private static int catalog(Arguments args, PrintStream out) {
    args.allow("entry");
    String id = args.optional("entry");
    if (id != null) {
      CatalogEntry entry = Catalog.standard().entry(id);
      out.println(args.flag("document") ? entry.documentation() : json(entry));
    } else {
      out.println(json(Catalog.standard().entries()));
    }
    return OK;
  }

  private static int profile(Arguments args, PrintStream out) {
    args.allow("data", "target", "task");
    String task = args.optional("task");
    var profile =
        DatasetProfiler.profile(
            args.path("data"),
            args.optional("target"),
            task == null ? null : Task.valueOf(task.toUpperCase(Locale.ROOT)));
    out.println(json(profile));
    return profile.valid() ? OK : BAD_INPUT;
  }

  private static int evaluate(Arguments args, PrintStream out) {
    args.allow("model", "data", "device");
    ModelArtifact artifact = ModelArtifact.load(args.path("model"));
    out.println(
        json(ModelEvaluator.evaluate(artifact, args.path("data"), args.optional("device"))));
    return OK;
  }

  private static int predict(Arguments args, PrintStream out) {
    args.allow("model", "input");
    List<Map<String, ?>> rows = readRows(args.required("input"));
    ModelArtifact artifact = Playground.resolve(args.required("model"));
    try (ModelPredictor predictor = artifact.newPredictor("cpu")) {
      ObjectNode result = Json.MAPPER.createObjectNode();
      result.put("model", artifact.card().artifactId());
      result.set("predictions", Json.MAPPER.valueToTree(predictor.predict(rows)));
      out.println(result);
    }
    return OK;
  }

  /** Rows as one JSON object, an array of objects, or a file of either (or JSON Lines). */
  static List<Map<String, ?>> readRows(String input) {
    String text = input.strip();
    try {
      if (!text.startsWith("{") && !text.startsWith("[")) {
        text = Files.readString(Path.of(input)).strip();
      }
      List<Map<String, ?>> rows = new ArrayList<>();
      TypeReference<Map<String, Object>> row = new TypeReference<>() {};
      if (text.startsWith("[")) {
        for (JsonNode node : Json.MAPPER.readTree(text)) {
          rows.add(Json.MAPPER.convertValue(node, row));
        }
      } else {
        for (String line : text.split("\n")) {
          if (!line.isBlank()) {
            rows.add(Json.MAPPER.readValue(line, row));
          }
        }
      }
      return rows;
    } catch (JsonProcessingException e) {
      throw new UsageException("--input is not JSON rows: " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UsageException("--input: cannot read " + input + ": " + e.getMessage());
    }
  }

  private static int dryRun(Arguments args, PrintStream out) {
    args.allow("model", "data", "target", "param", "compute-type", "compute-size");
    var report =
        Playground.estimate(
            args.required("model"),
            args.path("data"),
            args.required("target"),
            args.params(),
            ComputeType.valueOf(
                args.optional("compute-type") == null
                    ? "CPU"
                    : args.optional("compute-type").toUpperCase(Locale.ROOT)),
            ComputeSize.valueOf(
                args.optional("compute-size") == null
                    ? "SMALL"
                    : args.optional("compute-size").toUpperCase(Locale.ROOT)));
    out.println(json(report));
    return report.valid() ? OK : BAD_INPUT;
  }

  /** What compute this process can use; the platform asks before accepting compute type gpu. */
  private static int devices(Arguments args, PrintStream out) {
    args.allow();
    ObjectNode devices = Json.MAPPER.createObjectNode();
    devices.put("engine", DjlEnvironment.engine().getEngineName());
    devices.put("engineVersion", DjlEnvironment.engine().getVersion());
    devices.put("gpus", DjlEnvironment.usableGpuCount());
    devices.put("visibleGpus", DjlEnvironment.visibleGpuCount());
    devices.put("cpus", Runtime.getRuntime().availableProcessors());
    out.println(devices);
    return OK;
  }

  private static int serve(Arguments args, PrintStream out, InputStream in) {
    args.allow(
        "model",
        "port",
        "host",
        "name",
        "max-batch",
        "max-delay-ms",
        "max-in-flight",
        "workers",
        "grace-seconds");
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // The serve process is ours alone: skip the sampled leak tracking (a stack trace captured
      // for one buffer in 128) unless the operator asked for a level.
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    ModelArtifact artifact = ModelArtifact.load(args.path("model"));
    ServerOptions defaults =
        ServerOptions.defaults(
            args.optional("name") == null ? "model" : args.optional("name"),
            args.integer("port", 8080));
    ServerOptions options =
        new ServerOptions(
            defaults.modelName(),
            args.optional("host") == null ? defaults.host() : args.optional("host"),
            defaults.port(),
            args.integer("max-batch", defaults.maxBatchRows()),
            Duration.ofNanos((long) (args.decimal("max-delay-ms", 2) * 1_000_000)),
            args.integer("max-in-flight", defaults.maxInFlight()),
            args.integer("workers", defaults.batchWorkers()),
            Duration.ofSeconds(args.integer("grace-seconds", 10)));
    ModelServer server = ModelServer.start(artifact, options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        new Runnable() {
          private boolean done;

          // Once only; a second caller (signal while stdin closes) waits for the first to finish.
          @Override
          public synchronized void run() {
            if (!done) {
              done = true;
              server.close();
              stopped.countDown();
            }
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "millrace-serve-shutdown"));
    if (args.flag("exit-on-stdin-close") && in != null) {
      // A parent that dies (even by SIGKILL) closes our stdin: drain and exit instead of lingering.
      Thread.ofPlatform()
          .daemon()
          .name("millrace-serve-stdin")
          .start(
              () -> {
                try {
                  while (in.read() >= 0) {
                    // only the end of the stream matters
                  }
                } catch (IOException e) {
                  // unreadable stdin counts as closed
                }
                stop.run();
              });
    }
    ObjectNode ready = Json.MAPPER.createObjectNode();
    ready.put("event", "serving");
    ready.put("url", server.baseUri().toString());
    ready.put("port", server.port());
    ready.put("model", server.modelName());
    out.println(ready);
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
