package io.auditcache;

import io.auditcache.bus.Addresses;
import io.auditcache.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README honest: every config key, its variable and default, and every event-bus address. */
class DocumentationTest {

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void the_readme_lists_every_config_key_with_its_variable_and_default() throws IOException {
    String readme = readme();
    JsonObject defaults = ConfigLoader.defaults();
    for (String key : ConfigLoader.keys(defaults)) {
      Object value = key.contains(".")
        ? defaults.getJsonObject(key.substring(0, key.indexOf('.'))).getValue(key.substring(key.indexOf('.') + 1))
        : defaults.getValue(key);
      String row = "| `" + key + "` | `" + ConfigLoader.envName(key) + "` | `" + value + "`";
      assertThat(readme).as("README row for " + key).contains(row);
    }
  }

  @Test
  void the_readme_documents_every_event_bus_address() throws IOException, IllegalAccessException {
    String readme = readme();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        assertThat(readme).contains("| `" + field.get(null) + "` |");
      }
    }
  }
}
