package io.auditcache.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the configuration with an explicit precedence: built-in defaults (the jar's copy of
 * {@code conf/config.json}) &larr; an optional file &larr; environment variables {@code AUDIT_CACHE_<GROUP>_<KEY>}
 * &larr; system properties {@code audit-cache.<group>.<key>}. The only place that reads the environment.
 */
public final class ConfigLoader {

  /** Environment variable naming a config file (the {@code --config} option wins over it). */
  public static final String CONFIG_FILE_ENV = "AUDIT_CACHE_CONFIG";
  static final String DEFAULTS_RESOURCE = "/io/auditcache/config/config.json";
  private static final String ENV_PREFIX = "AUDIT_CACHE_";
  private static final String SYSPROP_PREFIX = "audit-cache.";

  private ConfigLoader() {
  }

  /** Loads from this process: {@code --config FILE} or {@code AUDIT_CACHE_CONFIG}, the environment, system properties. */
  public static AuditCacheConfig fromProcess(String[] args) {
    return load(configFileArgument(args), System.getenv(), System.getProperties());
  }

  /**
   * @param configFile a JSON file overriding some or all defaults, or {@code null}; when null the environment's
   *                   {@code AUDIT_CACHE_CONFIG} names one, if set
   */
  public static AuditCacheConfig load(String configFile, Map<String, String> env, Properties systemProperties) {
    JsonObject merged = defaults();
    String file = configFile != null ? configFile : env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      overlayFile(merged, readFile(Path.of(file)));
    }
    for (String key : keys(defaults())) {
      put(merged, key, env.get(envName(key)));
      put(merged, key, systemProperties.getProperty(SYSPROP_PREFIX + key));
    }
    return AuditCacheConfig.from(merged);
  }

  /** The built-in defaults: a fresh copy of the jar's {@code conf/config.json}. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in defaults " + DEFAULTS_RESOURCE + " missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every configuration key as {@code group.key} (or {@code key} at top level), in file order. */
  public static List<String> keys(JsonObject config) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, Object> entry : config) {
      if (entry.getValue() instanceof JsonObject group) {
        group.fieldNames().forEach(name -> keys.add(entry.getKey() + "." + name));
      } else {
        keys.add(entry.getKey());
      }
    }
    return keys;
  }

  /** {@code cache.ttlJitterMs} &rarr; {@code AUDIT_CACHE_CACHE_TTL_JITTER_MS}; {@code keyPrefix} &rarr; {@code AUDIT_CACHE_KEY_PREFIX}. */
  public static String envName(String key) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (char c : key.toCharArray()) {
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }

  private static String configFileArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") || args[i].equals("-c")) {
        if (i + 1 == args.length) {
          throw new ConfigException("option " + args[i] + " needs a file name");
        }
        return args[i + 1];
      }
      if (args[i].startsWith("--config=")) {
        return args[i].substring("--config=".length());
      }
      throw new ConfigException("unknown option '" + args[i] + "'; usage: java -jar audit-cache.jar [--config FILE]");
    }
    return null;
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("config file " + path + " is not a JSON object: " + e.getMessage());
    }
  }

  private static void overlayFile(JsonObject merged, JsonObject file) {
    for (Map.Entry<String, Object> entry : file) {
      Object known = merged.getValue(entry.getKey());
      if (!merged.containsKey(entry.getKey())) {
        throw new ConfigException("config file: unknown key '" + entry.getKey() + "'");
      }
      if (known instanceof JsonObject group) {
        if (!(entry.getValue() instanceof JsonObject overrides)) {
          throw new ConfigException("config file: '" + entry.getKey() + "' must be an object of settings");
        }
        for (Map.Entry<String, Object> setting : overrides) {
          if (!group.containsKey(setting.getKey())) {
            throw new ConfigException("config file: unknown key '" + entry.getKey() + "." + setting.getKey() + "'");
          }
          group.put(setting.getKey(), setting.getValue());
        }
      } else {
        merged.put(entry.getKey(), entry.getValue());
      }
    }
  }

  private static void put(JsonObject merged, String key, String value) {
    if (value == null) {
      return;
    }
    int dot = key.indexOf('.');
    if (dot < 0) {
      merged.put(key, value);
    } else {
      merged.getJsonObject(key.substring(0, dot)).put(key.substring(dot + 1), value);
    }
  }
}
