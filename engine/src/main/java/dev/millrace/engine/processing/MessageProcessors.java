package dev.millrace.engine.processing;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.MessageIntent;
import dev.millrace.engine.record.RejectionType;
import dev.millrace.engine.record.value.MessageRecord;

/** PublishMessage, and the expiry of buffered messages when their time to live is over. */
final class MessageProcessors {

  private final BpmnProcessing bpmn;

  MessageProcessors(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  CommandProcessor publish() {
    return (command, ctx) -> {
      var message = (MessageRecord) command.value();
      if (message.name().isBlank()) {
        Rejections.invalidArgument(
            ctx, command, "Expected to publish a message with a name, but it was empty");
        return;
      }
      if (message.timeToLive() < 0) {
        Rejections.invalidArgument(
            ctx,
            command,
            "Expected a time to live of zero or more, but it was " + message.timeToLive());
        return;
      }
      try {
        JsonValues.parseObject(message.variables());
      } catch (IllegalArgumentException e) {
        Rejections.invalidArgument(
            ctx,
            command,
            "Expected to set variables from document, but the document is invalid: "
                + e.getMessage());
        return;
      }
      var messages = ctx.state().messages();
      if (!message.messageId().isEmpty()
          && messages.hasMessageId(message.name(), message.correlationKey(), message.messageId())) {
        Rejections.reject(
            ctx,
            command,
            RejectionType.ALREADY_EXISTS,
            "Expected to publish a new message with id '"
                + message.messageId()
                + "', but a message with that id was already published");
        return;
      }
      long key = ctx.newKey();
      var published =
          ctx.event(
              key,
              MessageIntent.PUBLISHED,
              message.withDeadline(ctx.timestamp() + message.timeToLive()));
      bpmn.messageCorrelation().correlatePublished(key, (MessageRecord) published.value());
      if (message.timeToLive() == 0) {
        // Not buffered: it either correlated just now or is gone.
        ctx.event(key, MessageIntent.EXPIRED, published.value());
      }
      ctx.respond(published);
    };
  }

  /** Scheduled: a buffered message's time to live ran out. */
  CommandProcessor expire() {
    return (command, ctx) -> {
      var message = ctx.state().messages().message(command.key());
      if (message == null || message.deadline() > ctx.timestamp()) {
        Rejections.invalidState(ctx, command, "Message " + command.key() + " is not due to expire");
        return;
      }
      ctx.event(command.key(), MessageIntent.EXPIRED, message);
    };
  }
}
