package io.auditcache.bus;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the members of a small JSON request, collecting every bad one as a {@link FieldError} so that a 400 names
 * them all. Members have their JSON types: the HTTP layer turns query strings into numbers and booleans first.
 */
final class RequestFields {

  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  RequestFields(JsonObject json) {
    this.json = json;
  }

  /** The {@code chain} member: {@code [a-z0-9][a-z0-9_-]{0,63}}. */
  String chain() {
    Object value = json.getValue("chain");
    if (value instanceof String name && AuditEvent.isChainName(name)) {
      return name;
    }
    return error("/chain", "must match [a-z0-9][a-z0-9_-]{0,63}");
  }

  /** A required sequence number, 0 &lt;= n &lt;= 2^53-1. */
  long sequence(String name) {
    Long value = integer(name, 0, AuditEvent.MAX_SEQUENCE, null);
    return value == null ? -1 : value;
  }

  /** An integer in [min, max]; {@code fallback} when absent (null fallback: required); the fallback must be in range. */
  Long integer(String name, long min, long max, Long fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback != null ? fallback : error("/" + name, "is required");
    }
    Long parsed = parseInteger(value);
    if (parsed == null || parsed < min || parsed > max) {
      return error("/" + name, "must be an integer from " + min + " to " + max);
    }
    return parsed;
  }

  /** A hash, 1-128 characters of {@code [A-Za-z0-9:+/=_-]}; null when absent and optional. */
  String hash(String name, boolean required) {
    Object value = json.getValue(name);
    if (value == null && !required) {
      return null;
    }
    if (value instanceof String text && AuditEvent.isHash(text)) {
      return text;
    }
    return error("/" + name, "must be 1-" + AuditEvent.MAX_HASH_LENGTH + " characters of [A-Za-z0-9:+/=_-]");
  }

  boolean flag(String name) {
    Object value = json.getValue(name);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    error("/" + name, "must be true or false");
    return false;
  }

  /** An optional idempotency key: 1-128 visible ASCII characters. */
  String idempotencyKey(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String key && !key.isEmpty() && key.length() <= 128 && key.chars().allMatch(c -> c > 32 && c < 127)) {
      return key;
    }
    return error("/" + name, "must be 1-128 visible ASCII characters");
  }

  JsonObject object(String name) {
    Object value = json.getValue(name);
    if (value instanceof JsonObject object) {
      return object;
    }
    return error("/" + name, value == null ? "is required" : "must be a JSON object");
  }

  <T> T error(String pointer, String detail) {
    errors.add(new FieldError(pointer, detail));
    return null;
  }

  /** Throws the 400 naming every bad member, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors).toException();
    }
  }

  /** A whole JSON number; null for anything else (a string of digits included). */
  static Long parseInteger(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 63 ? big.longValue() : null;
    }
    return null;
  }

  /** A sequence number spelled as a JSON object key: canonical decimal (no sign, no leading zeros); null otherwise. */
  static Long parseKey(String key) {
    return key.matches("0|[1-9][0-9]{0,17}") ? Long.parseLong(key) : null;
  }
}
