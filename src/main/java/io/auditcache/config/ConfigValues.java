package io.auditcache.config;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * Typed, range-checked reads from the merged configuration. Values may be JSON values (from a file) or strings
 * (from the environment or system properties); both are accepted where they parse. Every failure names the key,
 * the environment variable that overrides it and what is allowed.
 */
final class ConfigValues {

  private final JsonObject merged;

  ConfigValues(JsonObject merged) {
    this.merged = merged;
  }

  int integer(String key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  long longValue(String key, long min, long max) {
    Object raw = raw(key);
    long value;
    if (raw instanceof Number number && isWhole(number)) {
      value = number.longValue();
    } else if (raw instanceof String text) {
      try {
        value = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw invalid(key, raw, "an integer from " + min + " to " + max);
      }
    } else {
      throw invalid(key, raw, "an integer from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw invalid(key, raw, "an integer from " + min + " to " + max);
    }
    return value;
  }

  /** A long that may be null in the file, meaning "derive it"; returns {@code derived} then. */
  long longOrDerived(String key, long min, long max, long derived) {
    return raw(key) == null ? derived : longValue(key, min, max);
  }

  boolean bool(String key) {
    Object raw = raw(key);
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(text);
    }
    throw invalid(key, raw, "true or false");
  }

  String string(String key, Pattern allowed, String allowedText) {
    Object raw = raw(key);
    if (raw instanceof String text && allowed.matcher(text).matches()) {
      return text;
    }
    throw invalid(key, raw, allowedText);
  }

  private Object raw(String key) {
    int dot = key.indexOf('.');
    if (dot < 0) {
      return merged.getValue(key);
    }
    JsonObject group = merged.getJsonObject(key.substring(0, dot));
    return group == null ? null : group.getValue(key.substring(dot + 1));
  }

  private static boolean isWhole(Number number) {
    return number instanceof Integer || number instanceof Long || number instanceof Short
      || (number.doubleValue() == Math.rint(number.doubleValue()) && !Double.isInfinite(number.doubleValue()));
  }

  static ConfigException invalid(String key, Object raw, String allowed) {
    return new ConfigException("config key '" + key + "' (" + ConfigLoader.envName(key) + "): must be " + allowed
      + ", got " + (raw instanceof String ? "'" + raw + "'" : String.valueOf(raw)));
  }
}
