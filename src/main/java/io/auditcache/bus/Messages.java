package io.auditcache.bus;

import io.auditcache.config.Logging;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The body and reply rules every consumer follows. A request body is JSON: a {@link JsonObject}, or a
 * {@link Buffer} (or {@code String}) holding JSON text. The reply takes the request's form: a {@code JsonObject}
 * for a {@code JsonObject}, JSON text in a {@code Buffer} otherwise, which lets the HTTP verticle relay cached
 * bytes without decoding and re-encoding them.
 */
public final class Messages {

  private static final Logger LOG = Logger.getLogger(Messages.class.getName());

  private Messages() {
  }

  /** The request as JSON text; a body of any other type is a 400. */
  public static Buffer body(Message<?> message) {
    Object body = message.body();
    if (body instanceof Buffer buffer) {
      return buffer;
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer();
    }
    if (body instanceof String text) {
      return Buffer.buffer(text);
    }
    throw Problem.invalid("", "the message body must be a JsonObject or JSON text").toException();
  }

  /** The request as a JSON object; anything else is a 400. */
  public static JsonObject json(Message<?> message) {
    if (message.body() instanceof JsonObject json) {
      return json;
    }
    return RequestReader.object(body(message));
  }

  /** Replies with a JSON document, in the request's form. */
  public static void reply(Message<?> message, JsonObject reply) {
    message.reply(message.body() instanceof JsonObject ? reply : readOnly(reply.toBuffer()));
  }

  /** Replies with JSON text, in the request's form. */
  public static void reply(Message<?> message, Buffer jsonText) {
    message.reply(message.body() instanceof JsonObject ? new JsonObject(jsonText) : readOnly(jsonText));
  }

  /**
   * A read-only view of a buffer, for a message body that its sender no longer touches. The event bus gives a local
   * receiver its own copy of a writable {@code Buffer} (2 KB per event, 200 KB per batch or lookup) but hands a
   * read-only one over as it is; the receiver cannot write into the sender's bytes (an LRU entry, say) through it.
   */
  public static Buffer readOnly(Buffer buffer) {
    return BufferInternal.buffer(((BufferInternal) buffer).getByteBuf().asReadOnly());
  }

  /** Fails the request with its problem: failure code = HTTP status, message = the problem document. */
  public static void fail(Message<?> message, Throwable failure) {
    Problem problem;
    if (failure instanceof ProblemException expected) {
      problem = expected.problem();
    } else {
      Logging.log(LOG, Level.SEVERE, "unexpected failure serving " + message.address(),
        message.headers().get("requestId"), failure);
      problem = Problem.of(ProblemType.INTERNAL, "the request could not be completed");
    }
    message.fail(problem.status(), problem.encode());
  }
}
