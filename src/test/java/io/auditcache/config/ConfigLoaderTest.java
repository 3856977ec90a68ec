package io.auditcache.config;

import io.vertx.core.json.JsonObject;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Unit tests of {@link ConfigLoader}: defaults, precedence, environment names and validation messages. */
class ConfigLoaderTest {

  @TempDir
  Path dir;

  // ---- defaults ----

  @Test
  void the_built_in_defaults_are_conf_config_json() throws IOException {
    JsonObject documented = new JsonObject(Files.readString(Path.of("conf/config.json")));

    assertThat(ConfigLoader.defaults()).isEqualTo(documented);
  }

  @Test
  void with_nothing_set_the_defaults_apply() {
    AuditCacheConfig config = load(Map.of());

    assertThat(config.keyPrefix()).isEqualTo("audit");
    assertThat(config.http().host()).isEqualTo("0.0.0.0");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().instances()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(config.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.nativeTransport()).isTrue();
    assertThat(config.cache().workerInstances()).isEqualTo(config.eventLoops());
    assertThat(config.http().busTimeoutMs()).isEqualTo(2000);
    assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.redis().poolName()).isEqualTo("audit-cache");
    assertThat(config.redis().timeoutMs()).isEqualTo(1000);
    assertThat(config.cache().eventTtlMs()).isEqualTo(3_600_000);
    assertThat(config.cache().lruSize()).isEqualTo(10_000);
    assertThat(config.cache().lruOnWrite()).isFalse();
    assertThat(config.cache().maxEventBytes()).isEqualTo(65_536);
    assertThat(config.cache().maxBatchSize()).isEqualTo(100);
    assertThat(config.cache().warmupSize()).isEqualTo(1_000);
    assertThat(config.cache().ttlJitterMs()).isEqualTo(30_000);
    assertThat(config.metrics().enableMetrics()).isTrue();
  }

  @Test
  void max_body_bytes_is_derived_from_batch_size_and_event_size_when_null() {
    assertThat(load(Map.of()).http().maxBodyBytes()).isEqualTo(100L * 65_536 + 65_536);

    AuditCacheConfig smaller = load(Map.of(
      "AUDIT_CACHE_CACHE_MAX_BATCH_SIZE", "10", "AUDIT_CACHE_CACHE_MAX_EVENT_BYTES", "1024"));
    assertThat(smaller.http().maxBodyBytes()).isEqualTo(10L * 1024 + 65_536);
  }

  @Test
  void max_body_bytes_set_explicitly_is_used_as_given() {
    assertThat(load(Map.of("AUDIT_CACHE_HTTP_MAX_BODY_BYTES", "100000")).http().maxBodyBytes()).isEqualTo(100_000);
  }

  @Test
  void cache_workers_follow_the_event_loops_unless_set() {
    assertThat(load(Map.of("AUDIT_CACHE_EVENT_LOOPS", "3")).cache().workerInstances()).isEqualTo(3);
    assertThat(load(Map.of("AUDIT_CACHE_EVENT_LOOPS", "3", "AUDIT_CACHE_CACHE_WORKER_INSTANCES", "1")).cache().workerInstances())
      .isEqualTo(1);
    assertThat(configFailure(() -> load(Map.of("AUDIT_CACHE_EVENT_LOOPS", "0")))).contains("'eventLoops'");
  }

  @Test
  void the_native_transport_can_be_switched_off_and_takes_only_a_boolean() {
    assertThat(load(Map.of("AUDIT_CACHE_NATIVE_TRANSPORT", "false")).nativeTransport()).isFalse();
    assertThat(configFailure(() -> load(Map.of("AUDIT_CACHE_NATIVE_TRANSPORT", "epoll")))).contains("'nativeTransport'");
  }

  // ---- environment ----

  @Test
  void the_three_documented_environment_variables_override_the_defaults() {
    AuditCacheConfig config = load(Map.of(
      "AUDIT_CACHE_HTTP_PORT", "9090",
      "AUDIT_CACHE_REDIS_URL", "redis://cache.example:6380/2",
      "AUDIT_CACHE_KEY_PREFIX", "tenant-a"));

    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.redis().url()).isEqualTo("redis://cache.example:6380/2");
    assertThat(config.keyPrefix()).isEqualTo("tenant-a");
  }

  @Test
  void environment_names_are_the_prefix_and_upper_snake_case_of_the_key() {
    assertThat(ConfigLoader.envName("keyPrefix")).isEqualTo("AUDIT_CACHE_KEY_PREFIX");
    assertThat(ConfigLoader.envName("http.port")).isEqualTo("AUDIT_CACHE_HTTP_PORT");
    assertThat(ConfigLoader.envName("redis.url")).isEqualTo("AUDIT_CACHE_REDIS_URL");
    assertThat(ConfigLoader.envName("cache.ttlJitterMs")).isEqualTo("AUDIT_CACHE_CACHE_TTL_JITTER_MS");
    assertThat(ConfigLoader.envName("http.maxBodyBytes")).isEqualTo("AUDIT_CACHE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigLoader.envName("metrics.enableMetrics")).isEqualTo("AUDIT_CACHE_METRICS_ENABLE_METRICS");
  }

  @Test
  void every_key_has_a_unique_well_formed_environment_name() {
    List<String> keys = ConfigLoader.keys(ConfigLoader.defaults());
    List<String> names = keys.stream().map(ConfigLoader::envName).toList();

    assertThat(keys).contains("keyPrefix", "http.port", "redis.url", "cache.lruSize");
    assertThat(names).doesNotHaveDuplicates()
      .allSatisfy(name -> assertThat(name).matches("AUDIT_CACHE_[A-Z0-9]+(_[A-Z0-9]+)*"));
  }

  static List<String> allKeys() {
    return ConfigLoader.keys(ConfigLoader.defaults());
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void every_key_is_read_from_its_environment_variable_and_a_bad_value_names_both(String key) {
    // a blank value is invalid for every key, so the failure proves the variable reached that key
    String message = configFailure(() -> load(Map.of(ConfigLoader.envName(key), " ")));

    assertThat(message).contains("'" + key + "'").contains(ConfigLoader.envName(key));
  }

  @Test
  void an_environment_value_is_trimmed_for_numbers_and_case_insensitive_for_booleans() {
    AuditCacheConfig config = load(Map.of("AUDIT_CACHE_HTTP_PORT", " 9091 ", "AUDIT_CACHE_METRICS_ENABLE_METRICS", "FALSE"));

    assertThat(config.http().port()).isEqualTo(9091);
    assertThat(config.metrics().enableMetrics()).isFalse();
  }

  // ---- precedence ----

  @Test
  void precedence_is_defaults_then_file_then_environment_then_system_property() throws IOException {
    String file = write("{\"http\":{\"port\":8081}}");
    Map<String, String> env = Map.of("AUDIT_CACHE_HTTP_PORT", "8082");
    Properties properties = properties("audit-cache.http.port", "8083");

    assertThat(ConfigLoader.load(null, Map.of(), new Properties()).http().port()).isEqualTo(8080);
    assertThat(ConfigLoader.load(file, Map.of(), new Properties()).http().port()).isEqualTo(8081);
    assertThat(ConfigLoader.load(file, env, new Properties()).http().port()).isEqualTo(8082);
    assertThat(ConfigLoader.load(file, env, properties).http().port()).isEqualTo(8083);
    assertThat(ConfigLoader.load(null, Map.of(), properties).http().port()).isEqualTo(8083);
  }

  @Test
  void a_file_overrides_only_the_settings_it_names() throws IOException {
    String file = write("{\"keyPrefix\":\"from-file\",\"http\":{\"port\":8081},\"cache\":{\"lruSize\":5}}");

    AuditCacheConfig config = ConfigLoader.load(file, Map.of(), new Properties());

    assertThat(config.keyPrefix()).isEqualTo("from-file");
    assertThat(config.http().port()).isEqualTo(8081);
    assertThat(config.http().host()).isEqualTo("0.0.0.0");
    assertThat(config.cache().lruSize()).isEqualTo(5);
    assertThat(config.cache().maxBatchSize()).isEqualTo(100);
  }

  @Test
  void the_config_file_may_be_named_by_the_environment_and_an_explicit_file_wins() throws IOException {
    String fromEnv = write("env.json", "{\"http\":{\"port\":8084}}");
    String explicit = write("explicit.json", "{\"http\":{\"port\":8085}}");
    Map<String, String> env = Map.of(ConfigLoader.CONFIG_FILE_ENV, fromEnv);

    assertThat(ConfigLoader.load(null, env, new Properties()).http().port()).isEqualTo(8084);
    assertThat(ConfigLoader.load(explicit, env, new Properties()).http().port()).isEqualTo(8085);
  }

  @Test
  void loading_does_not_change_the_built_in_defaults() throws IOException {
    ConfigLoader.load(write("{\"http\":{\"port\":8081}}"), Map.of("AUDIT_CACHE_KEY_PREFIX", "x"), new Properties());

    assertThat(ConfigLoader.defaults().getJsonObject("http").getInteger("port")).isEqualTo(8080);
    assertThat(load(Map.of()).keyPrefix()).isEqualTo("audit");
  }

  // ---- file errors ----

  @Test
  void a_file_with_an_unknown_top_level_key_fails_naming_it() throws IOException {
    String message = configFailure(() -> ConfigLoader.load(write("{\"keyPrefx\":\"a\"}"), Map.of(), new Properties()));

    assertThat(message).contains("unknown key").contains("keyPrefx");
  }

  @Test
  void a_file_with_an_unknown_group_fails_naming_it() throws IOException {
    String message = configFailure(() -> ConfigLoader.load(write("{\"database\":{\"url\":\"x\"}}"), Map.of(), new Properties()));

    assertThat(message).contains("database");
  }

  @Test
  void a_file_with_an_unknown_key_inside_a_group_fails_naming_it() throws IOException {
    String message = configFailure(() -> ConfigLoader.load(write("{\"http\":{\"prot\":8081}}"), Map.of(), new Properties()));

    assertThat(message).contains("http.prot");
  }

  @Test
  void a_file_giving_a_group_as_a_plain_value_fails_naming_it() throws IOException {
    String message = configFailure(() -> ConfigLoader.load(write("{\"http\":8081}"), Map.of(), new Properties()));

    assertThat(message).contains("'http'");
  }

  @Test
  void a_missing_file_fails_naming_it() {
    Path missing = dir.resolve("no-such-config.json");

    String message = configFailure(() -> ConfigLoader.load(missing.toString(), Map.of(), new Properties()));

    assertThat(message).contains(missing.toString()).contains("cannot be read");
  }

  @Test
  void a_file_that_is_not_a_json_object_fails_naming_it() throws IOException {
    String file = write("{\"http\": {\"port\": 8081");

    String message = configFailure(() -> ConfigLoader.load(file, Map.of(), new Properties()));

    assertThat(message).contains(file).contains("not a JSON object");
  }

  // ---- bad values ----

  @Test
  void a_port_out_of_range_fails_naming_the_key_and_its_variable() {
    assertBadValue("http.port", "70000");
    assertBadValue("http.port", "-1");
  }

  @Test
  void a_port_that_is_not_a_number_fails_naming_the_key_and_its_variable() {
    assertBadValue("http.port", "abc");
    assertBadValue("http.port", "80.5");
  }

  @Test
  void a_bad_value_in_the_file_names_the_key_and_its_variable_too() throws IOException {
    String message = configFailure(() -> ConfigLoader.load(write("{\"http\":{\"port\":70000}}"), Map.of(), new Properties()));

    assertThat(message).contains("'http.port'").contains("AUDIT_CACHE_HTTP_PORT").contains("70000");
  }

  @Test
  void a_bad_system_property_names_the_key_and_its_variable() {
    String message = configFailure(() -> ConfigLoader.load(null, Map.of(), properties("audit-cache.http.port", "abc")));

    assertThat(message).contains("'http.port'").contains("AUDIT_CACHE_HTTP_PORT");
  }

  @Test
  void a_negative_lru_size_fails_naming_the_key_and_its_variable() {
    assertBadValue("cache.lruSize", "-1");
  }

  @Test
  void a_key_prefix_with_braces_fails_naming_the_key_and_its_variable() {
    assertBadValue("keyPrefix", "audit{1}");
    assertBadValue("keyPrefix", "a".repeat(65));
  }

  @Test
  void a_redis_url_of_another_scheme_fails_naming_the_key_and_its_variable() {
    assertBadValue("redis.url", "http://127.0.0.1:6379");
  }

  @Test
  void enable_metrics_must_be_true_or_false() {
    assertBadValue("metrics.enableMetrics", "maybe");
    assertBadValue("metrics.enableMetrics", "1");
  }

  @Test
  void a_redis_timeout_not_100_ms_below_the_bus_timeout_fails_naming_the_key_and_its_variable() {
    String message = configFailure(() -> load(Map.of(
      "AUDIT_CACHE_REDIS_TIMEOUT_MS", "1901", "AUDIT_CACHE_HTTP_BUS_TIMEOUT_MS", "2000")));

    assertThat(message).contains("'redis.timeoutMs'").contains("AUDIT_CACHE_REDIS_TIMEOUT_MS").contains("busTimeoutMs");
    assertThat(load(Map.of("AUDIT_CACHE_REDIS_TIMEOUT_MS", "1900")).redis().timeoutMs()).isEqualTo(1900);
  }

  @Test
  void a_reply_queue_too_small_for_a_full_batch_pipeline_fails_naming_the_key() {
    String message = configFailure(() -> load(Map.of(
      "AUDIT_CACHE_CACHE_MAX_BATCH_SIZE", "1100", "AUDIT_CACHE_REDIS_MAX_WAITING_HANDLERS", "2048")));

    assertThat(message).contains("'redis.maxWaitingHandlers'").contains("AUDIT_CACHE_REDIS_MAX_WAITING_HANDLERS")
      .contains("2200");
    assertThat(load(Map.of("AUDIT_CACHE_CACHE_MAX_BATCH_SIZE", "1024")).cache().maxBatchSize()).isEqualTo(1024);
  }

  @Test
  void a_ttl_jitter_above_half_the_ttl_fails_naming_the_key_and_its_variable() {
    assertBadValue("cache.ttlJitterMs", "1800001");
    assertThat(load(Map.of("AUDIT_CACHE_CACHE_TTL_JITTER_MS", "1800000")).cache().ttlJitterMs()).isEqualTo(1_800_000);
  }

  @Test
  void a_max_body_smaller_than_one_event_fails_naming_the_key_and_its_variable() {
    assertBadValue("http.maxBodyBytes", "1000");
  }

  // ---- helpers ----

  private static AuditCacheConfig load(Map<String, String> env) {
    return ConfigLoader.load(null, env, new Properties());
  }

  private static Properties properties(String name, String value) {
    Properties properties = new Properties();
    properties.setProperty(name, value);
    return properties;
  }

  private String write(String json) throws IOException {
    return write("config.json", json);
  }

  private String write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json).toString();
  }

  private static String configFailure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  private static void assertBadValue(String key, String value) {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.envName(key), value);

    String message = configFailure(() -> load(env));

    assertThat(message).contains("'" + key + "'").contains(ConfigLoader.envName(key)).contains(value);
  }
}
