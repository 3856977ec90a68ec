package io.auditcache.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail}, optional
 * {@code errors[]} of {@link FieldError}s and extension members (e.g. {@code retryAfterSeconds}, {@code id}).
 * It travels as the message of an event-bus failure and is relayed unchanged as an
 * {@code application/problem+json} HTTP body.
 */
public final class Problem {

  /** Extension member telling how many seconds a client should wait; the HTTP layer turns it into {@code Retry-After}. */
  public static final String RETRY_AFTER = "retryAfterSeconds";

  private final JsonObject json;

  private Problem(JsonObject json) {
    this.json = json;
  }

  public static Problem of(ProblemType type, String detail) {
    return new Problem(new JsonObject()
      .put("type", type.uri())
      .put("title", type.title())
      .put("status", type.status())
      .put("detail", detail));
  }

  /** A 400 naming every bad field. */
  public static Problem invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
      ? subject(errors.get(0).pointer()) + " " + errors.get(0).detail()
      : errors.size() + " invalid fields, see errors";
    JsonArray list = new JsonArray();
    errors.forEach(error -> list.add(error.toJson()));
    return of(ProblemType.INVALID_REQUEST, detail).with("errors", list);
  }

  private static String subject(String pointer) {
    return pointer.isEmpty() ? "the request body" : pointer;
  }

  public static Problem invalid(String pointer, String detail) {
    return invalid(List.of(new FieldError(pointer, detail)));
  }

  /** A 413 naming the member that is too large. */
  public static Problem tooLarge(String detail, String pointer, String fieldDetail) {
    return of(ProblemType.TOO_LARGE, detail).with("errors", new JsonArray().add(new FieldError(pointer, fieldDetail).toJson()));
  }

  /** Reads a problem back from an event-bus failure message; anything else becomes an internal problem. */
  public static Problem decode(int failureCode, String message) {
    try {
      JsonObject json = new JsonObject(message);
      if (json.getValue("status") instanceof Integer && json.getValue("type") instanceof String) {
        return new Problem(json);
      }
    } catch (RuntimeException notJson) {
      // a failure from a consumer that does not follow the contract: wrap it below
    }
    ProblemType type = failureCode == 404 ? ProblemType.NOT_FOUND : ProblemType.INTERNAL;
    return of(type, type == ProblemType.INTERNAL ? "the request could not be completed" : String.valueOf(message));
  }

  public Problem with(String member, Object value) {
    json.put(member, value);
    return this;
  }

  public int status() {
    return json.getInteger("status");
  }

  public String type() {
    return json.getString("type");
  }

  public Integer retryAfterSeconds() {
    return json.getInteger(RETRY_AFTER);
  }

  public JsonObject toJson() {
    return json.copy();
  }

  public String encode() {
    return json.encode();
  }

  public ProblemException toException() {
    return new ProblemException(this);
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
