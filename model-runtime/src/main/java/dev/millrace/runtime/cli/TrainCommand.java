package dev.millrace.runtime.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.training.Cancellation;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingEvent;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code train} and {@code fine-tune}: events as JSON lines on stdout. Cancellation: SIGTERM or
 * SIGINT, or the line {@code cancel} on stdin (with {@code --cancel-on-stdin-close}, also the end
 * of stdin, so a dying parent takes its child with it). A cancelled run stops at the next batch
 * boundary, keeps its last checkpoint and exits with code 4 (or the signal's code).
 */
final class TrainCommand {

  private final boolean fineTune;
  private final PrintStream out;
  private final InputStream in;

  TrainCommand(boolean fineTune, PrintStream out, InputStream in) {
    this.fineTune = fineTune;
    this.out = out;
    this.in = in;
  }

  int run(Arguments args) {
    if (fineTune) {
      args.allow(
          "from",
          "data",
          "out",
          "param",
          "epochs",
          "seed",
          "device",
          "learning-rate-factor",
          "freeze-layers");
    } else {
      args.allow("model", "data", "target", "out", "param", "epochs", "seed", "device");
    }
    TrainingRequest request =
        fineTune
            ? new TrainingRequest(
                null,
                args.path("data"),
                null,
                args.params(),
                args.integer("seed", 42),
                args.integerOrNull("epochs"),
                args.path("out"),
                args.optional("device"),
                args.flag("resume"),
                new TrainingRequest.FineTuning(
                    args.path("from"),
                    args.decimal("learning-rate-factor", 0.1),
                    args.integer("freeze-layers", 0),
                    args.flag("new-head")))
            : new TrainingRequest(
                args.required("model"),
                args.path("data"),
                args.required("target"),
                args.params(),
                args.integer("seed", 42),
                args.integerOrNull("epochs"),
                args.path("out"),
                args.optional("device"),
                args.flag("resume"),
                null);
    Cancellation cancellation = new Cancellation();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancellation.cancel();
              try {
                done.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "millrace-train-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    watchStdin(cancellation, args.flag("cancel-on-stdin-close"));
    TrainingListener listener = this::emit;
    try {
      ModelTrainer.train(request, listener, cancellation);
      return Main.OK;
    } finally {
      out.flush();
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping because of a signal; the hook has seen `done`
      }
    }
  }

  private synchronized void emit(TrainingEvent event) {
    try {
      var node = Json.MAPPER.valueToTree(event);
      ((ObjectNode) node).put("time", Instant.now().toString());
      out.println(node);
      out.flush();
    } catch (IllegalArgumentException e) {
      out.println("{\"event\":\"failed\",\"message\":\"cannot serialise an event\"}");
    }
  }

  private void watchStdin(Cancellation cancellation, boolean cancelOnClose) {
    if (in == null) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("millrace-train-stdin")
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (line.strip().equals("cancel")) {
                    cancellation.cancel();
                    return;
                  }
                }
                if (cancelOnClose) {
                  cancellation.cancel();
                }
              } catch (IOException e) {
                // stdin unusable: only signals can cancel
              }
            });
  }
}
