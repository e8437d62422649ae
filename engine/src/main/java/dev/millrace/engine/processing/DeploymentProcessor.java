package dev.millrace.engine.processing;

import dev.millrace.engine.bpmn.model.BpmnTransformer;
import dev.millrace.engine.bpmn.model.BpmnTransformer.TransformedProcess;
import dev.millrace.engine.bpmn.model.DeploymentRejection;
import dev.millrace.engine.record.DeploymentIntent;
import dev.millrace.engine.record.ProcessIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.DeploymentResource;
import dev.millrace.engine.record.value.ProcessMetadata;
import dev.millrace.engine.record.value.ProcessRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deploys BPMN resources. A process whose resource (name and bytes) equals its latest version is a
 * duplicate and keeps that version; anything else becomes version latest + 1. A deployment is all
 * or nothing: any invalid resource rejects it, naming every problem.
 */
final class DeploymentProcessor implements CommandProcessor {

  private final BpmnTransformer transformer;
  private final StartEventSubscriptions startEvents;

  DeploymentProcessor(BpmnTransformer transformer, StartEventSubscriptions startEvents) {
    this.transformer = transformer;
    this.startEvents = startEvents;
  }

  private record Parsed(
      DeploymentResource resource, String checksum, List<TransformedProcess> processes) {}

  @Override
  public void process(Record command, ProcessingContext ctx) {
    var deployment = (DeploymentRecord) command.value();
    if (deployment.resources().isEmpty()) {
      Rejections.invalidArgument(
          ctx, command, "Expected to deploy at least one resource, but none given");
      return;
    }
    List<String> errors = new ArrayList<>();
    List<Parsed> parsed = new ArrayList<>();
    Map<String, String> resourceOfProcess = new HashMap<>();
    for (var resource : deployment.resources()) {
      String name = resource.resourceName();
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.endsWith(".bpmn") && !lower.endsWith(".xml")) {
        errors.add(
            "'"
                + name
                + "': only BPMN resources (.bpmn or .xml) can be deployed; decisions (.dmn) and forms"
                + " (.form) are not supported by Millrace");
        continue;
      }
      try {
        var processes = transformer.transform(name, resource.resource());
        for (var process : processes) {
          String id = process.process().bpmnProcessId();
          String other = resourceOfProcess.putIfAbsent(id, name);
          if (other != null) {
            errors.add("Duplicated process id in resources '" + other + "' and '" + name + "'");
          }
        }
        for (var process : processes) {
          errors.addAll(startEvents.check(process.process(), ctx.timestamp()));
        }
        parsed.add(new Parsed(resource, checksum(resource.resource()), processes));
      } catch (DeploymentRejection e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected to deploy new resources, but encountered the following errors:\n"
              + String.join("\n", errors));
      return;
    }

    var state = ctx.state();
    long deploymentKey = ctx.newKey();
    List<ProcessMetadata> metadata = new ArrayList<>();
    for (var resource : parsed) {
      Map<String, dev.millrace.engine.bpmn.model.ExecutableProcess> executables = new HashMap<>();
      resource.processes().forEach(p -> executables.put(p.process().bpmnProcessId(), p.process()));
      state
          .processes()
          .rememberTransformedFor(
              resource.resource().resourceName(), resource.checksum(), executables);
      for (var process : resource.processes()) {
        String id = process.process().bpmnProcessId();
        var latest = state.processes().latest(id);
        boolean duplicate =
            latest != null
                && latest.record().checksum().equals(resource.checksum())
                && latest.record().resourceName().equals(resource.resource().resourceName());
        if (duplicate) {
          var r = latest.record();
          metadata.add(
              new ProcessMetadata(
                  id,
                  r.version(),
                  r.processDefinitionKey(),
                  r.resourceName(),
                  r.checksum(),
                  true,
                  r.versionTag(),
                  r.deploymentKey(),
                  r.tenantId()));
          continue;
        }
        int version = latest == null ? 1 : latest.version() + 1;
        long key = ctx.newKey();
        var record =
            new ProcessRecord(
                id,
                version,
                key,
                resource.resource().resourceName(),
                resource.resource().resource(),
                resource.checksum(),
                deploymentKey,
                process.versionTag(),
                deployment.tenantId());
        if (latest != null) {
          startEvents.close(ctx, latest);
        }
        ctx.event(key, ProcessIntent.CREATED, record);
        startEvents.open(ctx, state.processes().byKey(key));
        metadata.add(
            new ProcessMetadata(
                id,
                version,
                key,
                record.resourceName(),
                record.checksum(),
                false,
                record.versionTag(),
                deploymentKey,
                record.tenantId()));
      }
    }
    var created =
        ctx.event(deploymentKey, DeploymentIntent.CREATED, deployment.withProcesses(metadata));
    ctx.respond(created);
  }

  private static String checksum(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
