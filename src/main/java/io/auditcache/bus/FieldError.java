package io.auditcache.bus;

import io.vertx.core.json.JsonObject;

/**
 * One bad input in a problem's {@code errors[]}.
 *
 * @param pointer JSON Pointer (RFC 6901) to the member at fault, e.g. {@code /events/6/id}
 * @param detail  what is wrong with it, in words a client developer can act on
 */
public record FieldError(String pointer, String detail) {

  public JsonObject toJson() {
    return new JsonObject().put("pointer", pointer).put("detail", detail);
  }
}
