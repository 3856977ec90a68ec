package io.auditcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.auditcache.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the deployment files honest against the code: the Kubernetes manifests in {@code k8s/} (ports, probe
 * routes, configuration variables, security, graceful shutdown, the development Redis) and the Grafana dashboard's
 * metric names. No cluster needed: the files are parsed and compared with the configuration and the server's names.
 */
class K8sManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final Path DASHBOARD = K8S.resolve("grafana-dashboard.json");
  private static final String APP = "audit-cache";
  private static final String REDIS = "audit-cache-redis";

  /**
   * The Prometheus names the server exports (histograms without their {@code _bucket/_sum/_count} suffixes). The
   * metrics test checks that the server really exports them; this test only checks that the dashboard uses no other.
   */
  static final Set<String> EXPORTED_METRICS = Set.of(
    "audit_cache_hits_total",
    "audit_cache_misses_total",
    "audit_cache_errors_total",
    "audit_cache_write_duration_seconds",
    "audit_cache_read_duration_seconds",
    "audit_cache_lru_entries",
    "audit_cache_lru_bytes",
    "audit_cache_sequence_issued_total",
    "audit_cache_sequence_reseeds_total",
    "audit_cache_sequence_unknown_outcomes_total",
    "audit_cache_gaps_recorded_total",
    "audit_cache_gaps_filled_total",
    "audit_cache_overloads_total",
    "vertx_http_server_requests_total",
    "vertx_http_server_response_time_seconds",
    "vertx_pool_in_use",
    "vertx_pool_queue_pending");

  private static final Pattern METRIC_NAME = Pattern.compile("\\b(audit_cache_[a-z_]+|vertx_[a-z_]+)");
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

  /** Every document of every {@code k8s/*.yaml}, keyed by "file#index". */
  private static Map<String, JsonNode> manifests;
  private static Set<String> yamlFiles;

  @BeforeAll
  static void parse_manifests() throws IOException {
    manifests = new LinkedHashMap<>();
    yamlFiles = new TreeSet<>();
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
        yamlFiles.add(file.getFileName().toString());
        try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
          int index = 0;
          while (documents.hasNextValue()) {
            JsonNode document = documents.nextValue();
            if (document != null && !document.isNull() && !document.isMissingNode()) {
              manifests.put(file.getFileName() + "#" + index, document);
            }
            index++;
          }
        }
      }
    }
    assertThat(manifests).as("documents in k8s/*.yaml").isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------------- structure

  @Test
  void every_manifest_parses_and_has_api_version_kind_and_name() {
    assertThat(yamlFiles).contains("configmap.yaml", "secret.yaml", "deployment.yaml", "service.yaml", "hpa.yaml",
      "pdb.yaml", "servicemonitor.yaml", "networkpolicy.yaml", "redis.yaml", "kustomization.yaml");
    manifests.forEach((where, manifest) -> {
      assertThat(manifest.isObject()).as(where + " is a mapping").isTrue();
      assertThat(manifest.path("apiVersion").asText()).as(where + " apiVersion").isNotBlank();
      assertThat(manifest.path("kind").asText()).as(where + " kind").isNotBlank();
      assertThat(manifest.path("metadata").path("name").asText()).as(where + " metadata.name").isNotBlank();
    });
  }

  @Test
  void the_kustomization_lists_every_manifest_and_the_dashboard() {
    JsonNode kustomization = one("Kustomization", null);
    Set<String> resources = texts(kustomization.path("resources"));
    Set<String> expected = new TreeSet<>(yamlFiles);
    expected.remove("kustomization.yaml");
    expected.remove("kustomization.yml");
    assertThat(resources).as("kustomization resources").containsExactlyInAnyOrderElementsOf(expected);
    List<String> generatedFiles = new ArrayList<>();
    kustomization.path("configMapGenerator").forEach(generator -> generator.path("files").forEach(f -> generatedFiles.add(f.asText())));
    assertThat(generatedFiles).contains(DASHBOARD.getFileName().toString());
  }

  @Test
  void the_expected_resources_are_there_with_their_api_versions() {
    assertThat(one("Deployment", APP).path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(one("Deployment", APP).path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(one("HorizontalPodAutoscaler", APP).path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    assertThat(one("PodDisruptionBudget", APP).path("apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(one("ServiceMonitor", APP).path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(one("Deployment", REDIS).path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(one("Service", REDIS).path("apiVersion").asText()).isEqualTo("v1");
  }

  // -------------------------------------------------------------------------------------------- ports and probes

  @Test
  void the_container_port_is_the_default_http_port_of_the_config() throws IOException {
    int port = defaultHttpPort();
    JsonNode http = httpContainerPort();
    assertThat(http.path("containerPort").asInt()).as("containerPort named http").isEqualTo(port);
    Optional.ofNullable(configMapData().get(ConfigLoader.envName("http.port")))
      .ifPresent(value -> assertThat(Integer.parseInt(value)).as("AUDIT_CACHE_HTTP_PORT in the ConfigMap").isEqualTo(port));
    JsonNode annotations = one("Deployment", APP).path("spec").path("template").path("metadata").path("annotations");
    if (annotations.has("prometheus.io/port")) {
      assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
      assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    }
    JsonNode servicePort = servicePort(one("Service", APP), "http");
    assertThat(resolvesToHttpPort(servicePort.path("targetPort"), port)).as("Service targetPort").isTrue();
  }

  @Test
  void the_probes_use_the_health_routes_on_the_http_port() throws IOException {
    int port = defaultHttpPort();
    JsonNode container = appContainer();
    Map<String, String> expected = Map.of(
      "livenessProbe", "/health/live",
      "readinessProbe", "/health/ready",
      "startupProbe", "/health/startup");
    expected.forEach((probe, path) -> {
      JsonNode get = container.path(probe).path("httpGet");
      assertThat(get.isObject()).as(probe + ".httpGet").isTrue();
      assertThat(get.path("path").asText()).as(probe + " path").isEqualTo(path);
      assertThat(resolvesToHttpPort(get.path("port"), port)).as(probe + " port " + get.path("port")).isTrue();
      assertThat(container.path(probe).path("periodSeconds").asInt(10)).as(probe + " periodSeconds").isPositive();
    });
  }

  // ----------------------------------------------------------------------------------------------- configuration

  @Test
  void every_audit_cache_variable_is_a_real_setting() {
    Set<String> real = ConfigLoader.keys(ConfigLoader.defaults()).stream().map(ConfigLoader::envName)
      .collect(Collectors.toCollection(TreeSet::new));
    real.add(ConfigLoader.CONFIG_FILE_ENV); // AUDIT_CACHE_CONFIG names a config file; also read by the server

    Map<String, Set<String>> named = new LinkedHashMap<>();
    named.put("ConfigMap " + APP, configMapData().keySet());
    JsonNode secret = one("Secret", null);
    Set<String> secretKeys = new TreeSet<>(fieldNames(secret.path("stringData")));
    secretKeys.addAll(fieldNames(secret.path("data")));
    named.put("Secret", secretKeys);
    for (JsonNode deployment : all("Deployment")) {
      Set<String> env = new TreeSet<>();
      containers(deployment).forEach(c -> c.path("env").forEach(e -> env.add(e.path("name").asText())));
      named.put("Deployment " + name(deployment) + " env", env);
    }
    named.forEach((where, names) -> names.stream().filter(n -> n.startsWith("AUDIT_CACHE_"))
      .forEach(n -> assertThat(real).as(where + " names " + n + ", which is no setting of the server").contains(n)));
    assertThat(named.get("ConfigMap " + APP)).as("ConfigMap keys").isNotEmpty();
  }

  @Test
  void the_redis_url_comes_from_the_secret_and_the_rest_from_the_config_map() {
    String redisUrl = ConfigLoader.envName("redis.url");
    assertThat(configMapData()).as("the ConfigMap must not hold the Redis URL (it may carry a password)")
      .doesNotContainKey(redisUrl);
    JsonNode secret = one("Secret", null);
    JsonNode container = appContainer();
    JsonNode urlEnv = env(container, redisUrl).orElseThrow(() -> new AssertionError(redisUrl + " not in the container env"));
    JsonNode ref = urlEnv.path("valueFrom").path("secretKeyRef");
    assertThat(ref.path("name").asText()).as("secretKeyRef name").isEqualTo(name(secret));
    assertThat(fieldNames(secret.path("stringData"))).as("Secret keys").contains(ref.path("key").asText());
    Set<String> configMaps = new TreeSet<>();
    container.path("envFrom").forEach(from -> configMaps.add(from.path("configMapRef").path("name").asText()));
    assertThat(configMaps).as("envFrom configMapRef").contains(name(one("ConfigMap", APP)));
    assertThat(configMapData()).as("logs as JSON in the cluster").containsEntry(ConfigLoader.envName("log.format"), "json");
  }

  @Test
  void the_grace_period_exceeds_drain_delay_plus_shutdown_timeout() {
    long drainMs = setting("http.drainDelayMs");
    long shutdownMs = setting("http.shutdownTimeoutMs");
    assertThat(drainMs).as("drain delay in the ConfigMap").isPositive();
    JsonNode pod = one("Deployment", APP).path("spec").path("template").path("spec");
    long grace = pod.path("terminationGracePeriodSeconds").asLong(30); // Kubernetes' default
    assertThat(grace).as("terminationGracePeriodSeconds vs drain %d ms + shutdown %d ms", drainMs, shutdownMs)
      .isGreaterThan((drainMs + shutdownMs) / 1000);
    // The pod must be out of the Service endpoints before the server stops accepting.
    JsonNode readiness = appContainer().path("readinessProbe");
    long detectMs = 1000L * readiness.path("periodSeconds").asLong(10) * readiness.path("failureThreshold").asLong(3);
    assertThat(detectMs).as("readiness period x failureThreshold within the drain delay").isLessThanOrEqualTo(drainMs);
  }

  // ---------------------------------------------------------------------------------------------------- security

  @Test
  void the_container_runs_as_non_root_with_a_read_only_root_and_tmp_on_an_empty_dir() {
    JsonNode pod = one("Deployment", APP).path("spec").path("template").path("spec");
    JsonNode podSecurity = pod.path("securityContext");
    for (JsonNode container : containers(one("Deployment", APP))) {
      JsonNode security = container.path("securityContext");
      assertThat(effective(security, podSecurity, "runAsNonRoot")).as("runAsNonRoot").isTrue();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean(false)).as("readOnlyRootFilesystem").isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("allowPrivilegeEscalation").isFalse();
      assertThat(texts(security.path("capabilities").path("drop"))).as("capabilities.drop").contains("ALL");
      long uid = security.has("runAsUser") ? security.path("runAsUser").asLong() : podSecurity.path("runAsUser").asLong(0);
      assertThat(uid).as("runAsUser").isPositive();

      String tmpVolume = null;
      for (JsonNode mount : container.path("volumeMounts")) {
        if (mount.path("mountPath").asText().equals("/tmp")) {
          tmpVolume = mount.path("name").asText();
        }
      }
      assertThat(tmpVolume).as("a volume mounted at /tmp").isNotNull();
      String wanted = tmpVolume;
      JsonNode volume = stream(pod.path("volumes")).filter(v -> v.path("name").asText().equals(wanted)).findFirst()
        .orElseThrow(() -> new AssertionError("volume " + wanted + " not declared"));
      assertThat(volume.has("emptyDir")).as("volume " + wanted + " is an emptyDir").isTrue();

      String javaOptions = env(container, "JAVA_TOOL_OPTIONS").map(e -> e.path("value").asText()).orElse("");
      assertThat(javaOptions).contains("-XX:MaxRAMPercentage=75").contains("-XX:MaxTenuringThreshold=1")
        .contains("-Dvertx.cacheDirBase=/tmp/");
    }
  }

  @Test
  void the_deployment_has_resources_for_the_autoscaler_and_a_disruption_budget() {
    JsonNode deployment = one("Deployment", APP);
    JsonNode resources = appContainer().path("resources");
    assertThat(resources.path("requests").path("cpu").asText()).as("cpu request (the HPA needs it)").isNotBlank();
    assertThat(resources.path("requests").path("memory").asText()).isNotBlank();
    assertThat(resources.path("limits").path("memory").asText()).as("memory limit (MaxRAMPercentage)").isNotBlank();

    JsonNode hpa = one("HorizontalPodAutoscaler", APP).path("spec");
    assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(name(deployment));
    assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(stream(hpa.path("metrics")).map(m -> m.path("resource").path("name").asText())).contains("cpu");

    JsonNode pdb = one("PodDisruptionBudget", APP).path("spec");
    assertThat(pdb.path("minAvailable").asInt()).isEqualTo(1);
    assertThat(selects(pdb.path("selector").path("matchLabels"), podLabels(deployment))).as("PDB selects the pods").isTrue();
  }

  // ---------------------------------------------------------------------------------------- monitoring and Redis

  @Test
  void the_service_monitor_scrapes_metrics_on_the_service_port_name() {
    JsonNode service = one("Service", APP);
    JsonNode monitor = one("ServiceMonitor", APP).path("spec");
    assertThat(selects(monitor.path("selector").path("matchLabels"), service.path("metadata").path("labels")))
      .as("ServiceMonitor selects the Service").isTrue();
    assertThat(selects(service.path("spec").path("selector"), podLabels(one("Deployment", APP))))
      .as("Service selects the pods").isTrue();
    JsonNode endpoints = monitor.path("endpoints");
    assertThat(endpoints.size()).isPositive();
    Set<String> servicePortNames = new TreeSet<>();
    service.path("spec").path("ports").forEach(p -> servicePortNames.add(p.path("name").asText()));
    for (JsonNode endpoint : endpoints) {
      assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
      assertThat(endpoint.path("port").asText()).isEqualTo("http");
      assertThat(servicePortNames).as("Service port names").contains(endpoint.path("port").asText());
    }
  }

  @Test
  void the_development_redis_runs_redis_7_0_with_noeviction_and_no_persistence() {
    JsonNode redis = one("Deployment", REDIS);
    JsonNode container = containers(redis).get(0);
    assertThat(container.path("image").asText()).startsWith("redis:7.0");
    List<String> args = new ArrayList<>();
    container.path("command").forEach(a -> args.add(a.asText()));
    container.path("args").forEach(a -> args.add(a.asText()));
    assertThat(after(args, "--maxmemory-policy")).as("maxmemory-policy (README, Memory policy)").isEqualTo("noeviction");
    assertThat(after(args, "--maxmemory")).isEqualTo("256mb");
    assertThat(after(args, "--save")).isEmpty();
    assertThat(after(args, "--appendonly")).isEqualTo("no");

    JsonNode service = one("Service", REDIS);
    assertThat(selects(service.path("spec").path("selector"), podLabels(redis))).as("Redis Service selects Redis").isTrue();
    assertThat(stream(service.path("spec").path("ports")).map(p -> p.path("port").asInt())).contains(6379);
    // The development Secret points at this Service.
    String url = one("Secret", null).path("stringData").path(ConfigLoader.envName("redis.url")).asText();
    URI uri = URI.create(url);
    assertThat(uri.getScheme()).isIn("redis", "rediss");
    assertThat(uri.getHost()).isEqualTo(name(service));
    assertThat(uri.getPort()).isEqualTo(6379);
  }

  @Test
  void only_the_app_reaches_redis_and_the_app_accepts_its_http_port() throws IOException {
    JsonNode app = one("Deployment", APP);
    JsonNode redis = one("Deployment", REDIS);
    JsonNode redisPolicy = all("NetworkPolicy").stream()
      .filter(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), podLabels(redis))).findFirst()
      .orElseThrow(() -> new AssertionError("no NetworkPolicy selects the Redis pods"));
    assertThat(texts(redisPolicy.path("spec").path("policyTypes"))).contains("Ingress");
    JsonNode rules = redisPolicy.path("spec").path("ingress");
    assertThat(rules.size()).isPositive();
    for (JsonNode rule : rules) {
      assertThat(rule.path("from").size()).as("every Redis ingress rule names its sources").isPositive();
      for (JsonNode from : rule.path("from")) {
        assertThat(from.has("ipBlock")).isFalse();
        assertThat(selects(from.path("podSelector").path("matchLabels"), podLabels(app))).as("source is the app").isTrue();
        assertThat(from.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()).isEqualTo(APP);
      }
      assertThat(stream(rule.path("ports")).map(p -> p.path("port").asInt())).containsExactly(6379);
    }

    int port = defaultHttpPort();
    JsonNode appPolicy = all("NetworkPolicy").stream()
      .filter(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), podLabels(app))).findFirst()
      .orElseThrow(() -> new AssertionError("no NetworkPolicy selects the app pods"));
    List<Integer> ports = new ArrayList<>();
    appPolicy.path("spec").path("ingress").forEach(rule -> rule.path("ports").forEach(p ->
      ports.add(p.path("port").isInt() ? p.path("port").asInt() : resolvesToHttpPort(p.path("port"), port) ? port : -1)));
    assertThat(ports).containsExactly(port);
  }

  // --------------------------------------------------------------------------------------------------- dashboard

  @Test
  void every_metric_in_the_dashboard_is_one_the_server_exports() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    collectExpressions(dashboard, expressions);
    assertThat(expressions).as("dashboard expressions").hasSizeGreaterThanOrEqualTo(10);
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      Set<String> names = metricNames(expr);
      assertThat(names).as("metrics in " + expr).isNotEmpty();
      used.addAll(names);
    }
    assertThat(EXPORTED_METRICS).as("names the server exports").containsAll(used);
    assertThat(used).as("panels the brief asks for").contains("audit_cache_hits_total", "audit_cache_misses_total",
      "audit_cache_read_duration_seconds", "audit_cache_write_duration_seconds", "vertx_http_server_requests_total",
      "audit_cache_errors_total", "audit_cache_lru_entries", "audit_cache_lru_bytes", "audit_cache_sequence_issued_total",
      "audit_cache_gaps_recorded_total", "audit_cache_gaps_filled_total", "audit_cache_overloads_total",
      "vertx_pool_in_use", "vertx_pool_queue_pending");
    assertThat(expressions).anySatisfy(e -> assertThat(e).contains("histogram_quantile(0.99").contains("_bucket"));
    assertThat(expressions).anySatisfy(e -> assertThat(e).contains("histogram_quantile(0.5").contains("_bucket"));
  }

  @Test
  void the_dashboard_uses_a_prometheus_datasource_variable_and_a_recent_schema() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.path("title").asText()).isNotBlank();
    boolean input = stream(dashboard.path("__inputs")).anyMatch(i -> i.path("name").asText().equals("DS_PROMETHEUS"));
    boolean variable = stream(dashboard.path("templating").path("list"))
      .anyMatch(v -> v.path("type").asText().equals("datasource") && v.path("query").asText().equals("prometheus")
        && v.path("name").asText().equals("DS_PROMETHEUS"));
    assertThat(input || variable).as("a DS_PROMETHEUS input or datasource variable").isTrue();
    Set<Integer> ids = new LinkedHashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
      for (JsonNode target : panel.path("targets")) {
        JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
        assertThat(datasource.path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  /** Metric names in a PromQL expression: quoted strings removed, histogram suffixes stripped. */
  static Set<String> metricNames(String expr) {
    String code = QUOTED.matcher(expr).replaceAll("\"\"");
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC_NAME.matcher(code);
    while (matcher.find()) {
      names.add(matcher.group(1).replaceFirst("_(bucket|sum|count)$", ""));
    }
    return names;
  }

  private static void collectExpressions(JsonNode node, List<String> into) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("expr") && field.getValue().isTextual()) {
          into.add(field.getValue().asText());
        } else {
          collectExpressions(field.getValue(), into);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectExpressions(child, into));
    }
  }

  private static int defaultHttpPort() throws IOException {
    JsonNode config = new ObjectMapper().readTree(Path.of("conf", "config.json").toFile());
    JsonNode port = config.path("http").path("port");
    assertThat(port.isInt()).as("http.port in conf/config.json").isTrue();
    return port.asInt();
  }

  /** A setting as the cluster runs it: the ConfigMap's value, else the built-in default. */
  private static long setting(String key) {
    String value = configMapData().get(ConfigLoader.envName(key));
    if (value != null) {
      return Long.parseLong(value.trim());
    }
    int dot = key.indexOf('.');
    return ConfigLoader.defaults().getJsonObject(key.substring(0, dot)).getLong(key.substring(dot + 1));
  }

  private static boolean resolvesToHttpPort(JsonNode port, int expected) {
    if (port.isInt()) {
      return port.asInt() == expected;
    }
    if (port.isTextual() && port.asText().matches("\\d+")) {
      return Integer.parseInt(port.asText()) == expected;
    }
    JsonNode named = stream(appContainer().path("ports"))
      .filter(p -> p.path("name").asText().equals(port.asText())).findFirst().orElse(null);
    return named != null && named.path("containerPort").asInt() == expected;
  }

  private static JsonNode httpContainerPort() {
    return stream(appContainer().path("ports")).filter(p -> p.path("name").asText().equals("http")).findFirst()
      .orElseThrow(() -> new AssertionError("no container port named http"));
  }

  private static JsonNode servicePort(JsonNode service, String name) {
    return stream(service.path("spec").path("ports")).filter(p -> p.path("name").asText().equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError("Service " + name(service) + " has no port " + name));
  }

  private static Map<String, String> configMapData() {
    Map<String, String> data = new LinkedHashMap<>();
    one("ConfigMap", APP).path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  private static JsonNode appContainer() {
    List<JsonNode> containers = containers(one("Deployment", APP));
    return containers.stream().filter(c -> c.path("name").asText().equals(APP)).findFirst().orElse(containers.get(0));
  }

  private static List<JsonNode> containers(JsonNode deployment) {
    List<JsonNode> containers = new ArrayList<>();
    deployment.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
    assertThat(containers).as("containers of " + name(deployment)).isNotEmpty();
    return containers;
  }

  private static JsonNode podLabels(JsonNode deployment) {
    JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
    assertThat(selects(deployment.path("spec").path("selector").path("matchLabels"), labels))
      .as(name(deployment) + " selector matches its pod labels").isTrue();
    return labels;
  }

  private static Optional<JsonNode> env(JsonNode container, String name) {
    return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).findFirst();
  }

  /** True when every label of a non-empty selector is on the target with the same value. */
  private static boolean selects(JsonNode selector, JsonNode labels) {
    if (!selector.isObject() || selector.isEmpty()) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = selector.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> label = fields.next();
      if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static boolean effective(JsonNode container, JsonNode pod, String field) {
    return container.has(field) ? container.path(field).asBoolean() : pod.path(field).asBoolean(false);
  }

  private static String after(List<String> args, String flag) {
    int at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.size()) {
      fail("argument " + flag + " missing from " + args);
    }
    return args.get(at + 1);
  }

  private static List<JsonNode> all(String kind) {
    return manifests.values().stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
  }

  /** The one manifest of this kind (and name, when given). */
  private static JsonNode one(String kind, String name) {
    List<JsonNode> found = all(kind).stream().filter(m -> name == null || name(m).equals(name)).toList();
    assertThat(found).as(kind + (name == null ? "" : " " + name)).hasSize(1);
    return found.get(0);
  }

  private static String name(JsonNode manifest) {
    return manifest.path("metadata").path("name").asText();
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new TreeSet<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }
}
