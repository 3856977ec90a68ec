package io.auditcache.config;

/** A configuration value that cannot be used; the message names the key, its variable and the allowed range. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
