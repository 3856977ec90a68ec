package io.auditcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the k6 load-test scripts in {@code load-tests/k6/} loadable without k6. Each script is copied into a temporary
 * directory as an ES module ({@code .mjs}) whose {@code k6}, {@code k6/http}, {@code k6/execution},
 * {@code k6/metrics} and {@code https://jslib.k6.io/...} imports point to stub modules written beside it. Node.js
 * then checks its syntax ({@code node --check}) and imports it (with {@code __ENV} as a global, as k6 provides it)
 * to check what k6 reads before a test starts: the {@code options} (scenarios, thresholds) and the default function.
 * No function of a script is run and no request is made; the stubs throw if a script makes one while loading.
 */
class K6ScriptsTest {

  private static final Path K6 = Path.of("load-tests", "k6");
  private static final Path LOAD_TESTS_README = Path.of("load-tests", "README.md");

  /** The scenarios, each with the latency thresholds it must carry (request tag {@code op} → p99 target). */
  private static final Map<String, Map<String, String>> SCENARIOS = new TreeMap<>(Map.of(
    "set-event.js", Map.of("set", "p(99)<5"),
    "get-event-lru.js", Map.of("get_lru", "p(99)<2"),
    "get-event-redis.js", Map.of("get_redis", "p(99)<2"),
    "batch-set.js", Map.of("set_batch", "p(99)<10"),
    "lookup.js", Map.of("lookup", "p(99)<10"),
    "sequence.js", Map.of("sequence", "p(99)<5"),
    "append.js", Map.of("get_head", "p(99)<2", "append", "p(99)<5"),
    "append-chains.js", Map.of("append", "p(99)<5"),
    "mix.js", Map.of("get_lru", "p(99)<2", "get_redis", "p(99)<2", "set", "p(99)<5", "set_batch", "p(99)<10",
      "sequence", "p(99)<5")));

  /** Module specifiers k6 resolves itself, and the stub module each becomes. */
  private static final Map<String, String> K6_MODULES = Map.of(
    "k6", "stub-k6.mjs",
    "k6/http", "stub-k6-http.mjs",
    "k6/execution", "stub-k6-execution.mjs",
    "k6/metrics", "stub-k6-metrics.mjs");
  private static final String JSLIB_PREFIX = "https://jslib.k6.io/";
  private static final String JSLIB_STUB = "stub-jslib.mjs";

  private static final Pattern IMPORT = Pattern.compile(
    "(\\bimport\\s+(?:[^'\";]*?\\s+from\\s+)?|\\bexport\\s+[^'\";]*?\\s+from\\s+)(['\"])([^'\"]+)\\2");

  private static final Map<String, String> NO_ENV = Map.of();
  private static final Map<String, String> EXAMPLE_ENV = Map.of(
    "BASE_URL", "http://127.0.0.1:8080", "RATE", "2000", "DURATION", "60s");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path modules;

  private static String node;

  @BeforeAll
  static void copy_the_scripts_as_modules_beside_the_stubs() throws IOException {
    node = nodeOnPath().orElse(null);
    write("stub-k6.mjs", STUB_K6);
    write("stub-k6-http.mjs", STUB_K6_HTTP);
    write("stub-k6-execution.mjs", STUB_K6_EXECUTION);
    write("stub-k6-metrics.mjs", STUB_K6_METRICS);
    write(JSLIB_STUB, STUB_JSLIB);
    write("check-script.mjs", CHECK_SCRIPT);
    for (String script : allFiles().toList()) {
      write(moduleName(script), rewriteImports(script, Files.readString(K6.resolve(script))));
    }
  }

  @Test
  void there_is_one_script_per_scenario() {
    assertThat(scenarioScripts()).containsAll(SCENARIOS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allFiles")
  void every_file_is_valid_javascript(String script) {
    Run run = node("--check", moduleName(script));
    assertThat(run.exitCode()).as("node --check %s:%n%s", script, run.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioScripts")
  void every_scenario_loads_and_exports_options_with_thresholds_and_a_default_function(String script) {
    for (Map<String, String> env : List.of(NO_ENV, EXAMPLE_ENV)) {
      JsonNode summary = load(script, env);
      assertThat(summary.path("exports").toString()).as(script).contains("\"default\"", "\"options\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioScripts")
  void every_scenario_is_an_open_model_at_rate_for_duration(String script) {
    JsonNode defaults = load(script, NO_ENV);
    JsonNode example = load(script, EXAMPLE_ENV);
    assertThat(totalRate(defaults)).as("%s: scenario rates with the default RATE", script).isEqualTo(1000);
    assertThat(totalRate(example)).as("%s: scenario rates with RATE=2000", script).isEqualTo(2000);
    for (Iterator<Map.Entry<String, JsonNode>> it = example.path("scenarios").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> scenario = it.next();
      String where = script + " scenario " + scenario.getKey();
      assertThat(scenario.getValue().path("executor").asText()).as(where).isEqualTo("constant-arrival-rate");
      assertThat(scenario.getValue().path("timeUnit").asText()).as(where).isEqualTo("1s");
      assertThat(scenario.getValue().path("duration").asText()).as(where).isEqualTo("60s");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioScripts")
  void every_scenario_has_the_seeds_thresholds(String script) {
    JsonNode thresholds = load(script, EXAMPLE_ENV).path("thresholds");
    assertThat(thresholds.path("http_req_failed").toString()).as(script).isEqualTo("[\"rate<0.001\"]");
    Map<String, String> latency = new TreeMap<>();
    thresholds.fields().forEachRemaining(threshold -> {
      Matcher op = Pattern.compile("http_req_duration\\{op:([a-z_]+)}").matcher(threshold.getKey());
      if (op.matches()) {
        assertThat(threshold.getValue()).as(script + " " + threshold.getKey()).hasSize(1);
        latency.put(op.group(1), threshold.getValue().get(0).asText());
      }
    });
    Map<String, String> expected = SCENARIOS.get(script);
    if (expected != null) {
      assertThat(latency).as("%s: latency thresholds by op", script).isEqualTo(new TreeMap<>(expected));
    } else {
      assertThat(latency).as("%s: latency thresholds by op", script).isNotEmpty()
        .allSatisfy((op, target) -> assertThat(target).isIn("p(99)<2", "p(99)<5", "p(99)<10"));
    }
  }

  @Test
  void the_mix_runs_its_scenarios_at_once_at_shares_of_rate() {
    Map<String, Integer> rates = new TreeMap<>();
    Map<String, String> execs = new TreeMap<>();
    load("mix.js", EXAMPLE_ENV).path("scenarios").fields().forEachRemaining(s -> {
      rates.put(s.getKey(), s.getValue().path("rate").asInt());
      execs.put(s.getKey(), s.getValue().path("exec").asText());
    });
    // RATE=2000: 60 % LRU reads, 15 % Redis reads, 15 % single writes, 5 % batches, 5 % sequence numbers.
    assertThat(rates).isEqualTo(Map.of("lru_reads", 1200, "redis_reads", 300, "writes", 300, "batches", 100,
      "sequences", 100));
    assertThat(new TreeSet<>(execs.values())).as("each scenario runs its own function").hasSize(execs.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioScripts")
  void every_scenario_starts_with_a_header_comment_and_an_example_run(String script) throws IOException {
    String text = Files.readString(K6.resolve(script));
    assertThat(text).as(script).startsWith("// " + script + ": ");
    String header = text.substring(0, text.indexOf("\nimport "));
    assertThat(header).as("%s header", script)
      .contains("BASE_URL", "RATE", "DURATION", "Threshold")
      .contains("k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/" + script);
    // A script checks its status codes itself, or through lib.js's postBatch (which checks them; see below).
    assertThat(text).as("%s checks the status codes", script).containsAnyOf("check(", "postBatch(");
    String lib = Files.readString(K6.resolve("lib.js"));
    String postBatch = lib.substring(lib.indexOf("export function postBatch"));
    assertThat(postBatch).as("lib.js postBatch checks the status codes").contains("check(response");
  }

  @Test
  void the_load_tests_readme_covers_every_scenario_and_the_results_folder() throws IOException {
    String readme = Files.readString(LOAD_TESTS_README);
    for (String script : scenarioScripts().toList()) {
      assertThat(readme).as("load-tests/README.md").contains("load-tests/k6/" + script);
    }
    assertThat(readme).contains("--summary-export load-tests/results/", "benchmark.sh");
    assertThat(Files.readAllLines(Path.of(".gitignore"))).as(".gitignore").contains("load-tests/results/");
  }

  @Test
  void the_checker_rejects_a_script_without_a_default_function_or_thresholds() throws IOException {
    write("broken-no-default.mjs", """
      import { arrival } from './lib.mjs';
      export const options = { scenarios: { load: arrival(10) }, thresholds: { http_req_failed: ['rate<0.001'] } };
      """);
    write("broken-no-thresholds.mjs", """
      export const options = { scenarios: {} };
      export default function () {}
      """);
    write("broken-threshold.mjs", """
      export const options = { thresholds: { 'http_req_duration{op:set}': ['p99 < 5'], no_such_metric: ['rate<1'] } };
      export default function () {}
      """);
    write("broken-exec.mjs", """
      import { arrival } from './lib.mjs';
      export const options = { scenarios: { load: arrival(10, 'missing') },
        thresholds: { http_req_failed: ['rate<0.001'], http_req_duration: ['p(99)<5'] } };
      export default function () {}
      """);
    assertThat(check("broken-no-default.mjs", NO_ENV).output()).contains("no default function");
    assertThat(check("broken-no-thresholds.mjs", NO_ENV).output()).contains("no thresholds", "no scenarios");
    assertThat(check("broken-threshold.mjs", NO_ENV).output())
      .contains("not a threshold expression: p99 < 5", "unknown metric no_such_metric");
    assertThat(check("broken-exec.mjs", NO_ENV).output()).contains("exec \"missing\" is not an exported function");
  }

  // --- the scripts ---

  /** Every {@code .js} file of {@code load-tests/k6}. */
  static Stream<String> allFiles() {
    try (Stream<Path> files = Files.list(K6)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".js")).sorted().toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + K6, e);
    }
  }

  /** The scenario scripts: every file but the libraries (files another script imports, such as lib.js). */
  static Stream<String> scenarioScripts() {
    Set<String> libraries = new TreeSet<>();
    for (String script : allFiles().toList()) {
      Matcher m = IMPORT.matcher(read(K6.resolve(script)));
      while (m.find()) {
        if (m.group(3).startsWith("./")) {
          libraries.add(m.group(3).substring(2));
        }
      }
    }
    return allFiles().filter(script -> !libraries.contains(script));
  }

  private static String moduleName(String script) {
    return script.substring(0, script.length() - ".js".length()) + ".mjs";
  }

  /** Points k6's modules and jslib at the stubs and relative imports at the copied modules; refuses any other. */
  private static String rewriteImports(String script, String text) {
    Matcher m = IMPORT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String specifier = m.group(3);
      String target;
      if (K6_MODULES.containsKey(specifier)) {
        target = "./" + K6_MODULES.get(specifier);
      } else if (specifier.startsWith(JSLIB_PREFIX)) {
        target = "./" + JSLIB_STUB;
      } else if (specifier.startsWith("./") && specifier.endsWith(".js") && !specifier.substring(2).contains("/")) {
        assertThat(K6.resolve(specifier.substring(2))).as("%s imports %s", script, specifier).exists();
        target = "./" + moduleName(specifier.substring(2));
      } else {
        throw new AssertionError(script + " imports " + specifier + ", which this test has no stub for: add one to "
          + K6ScriptsTest.class.getSimpleName() + " (k6 built-in modules, jslib.k6.io and ./*.js are supported)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + target + m.group(2)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int totalRate(JsonNode summary) {
    int total = 0;
    for (JsonNode scenario : summary.path("scenarios")) {
      total += scenario.path("rate").asInt();
    }
    return total;
  }

  // --- node ---

  private record Run(int exitCode, String output) {
  }

  private static final Map<String, JsonNode> LOADED = new LinkedHashMap<>();

  /** The checker's summary of a script loaded with {@code env} as {@code __ENV}; fails with its problems. */
  private static JsonNode load(String script, Map<String, String> env) {
    String key = script + " " + new TreeMap<>(env);
    JsonNode cached = LOADED.get(key);
    if (cached != null) {
      return cached;
    }
    Run run = check(moduleName(script), env);
    if (run.exitCode() != 0) {
      fail("loading %s with __ENV %s failed (node exit %d):%n%s", script, env, run.exitCode(), run.output());
    }
    String line = run.output().lines().filter(l -> l.startsWith("SUMMARY ")).findFirst()
      .orElseThrow(() -> new AssertionError("no summary from the checker for " + script + ":\n" + run.output()));
    try {
      JsonNode summary = JSON.readTree(line.substring("SUMMARY ".length()));
      LOADED.put(key, summary);
      return summary;
    } catch (IOException e) {
      throw new AssertionError("unreadable summary for " + script + ": " + line, e);
    }
  }

  private static Run check(String module, Map<String, String> env) {
    try {
      return node("check-script.mjs", module, JSON.writeValueAsString(env));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Run node(String... args) {
    if (node == null) {
      fail("node (Node.js 18 or later) is not on the PATH (%s): this test checks the k6 scripts with it. "
        + "Install it, e.g. apt-get install nodejs", System.getenv("PATH"));
    }
    List<String> command = new ArrayList<>();
    command.add(node);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(modules.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("node %s did not finish within 60 s", String.join(" ", args));
      }
      return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> nodeOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      for (String name : List.of("node", "node.exe")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }

  private static void write(String name, String text) throws IOException {
    Files.writeString(modules.resolve(name), text);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  // --- the stubs: the names k6 provides, doing nothing; requests throw (k6 makes none while a script loads) ---

  private static final String STUB_K6 = """
    export function check(value, checks) { return true; }
    export function fail(message) { throw new Error(message); }
    export function group(name, fn) { return fn(); }
    export function sleep(seconds) {}
    export function randomSeed(seed) {}
    export default { check, fail, group, sleep, randomSeed };
    """;

  private static final String STUB_K6_HTTP = """
    function request() {
      throw new Error('a k6 script must not make requests while it loads (the init context)');
    }
    export const get = request, post = request, put = request, del = request, patch = request, head = request,
      options = request, batch = request, asyncRequest = request;
    export { request };
    export function setResponseCallback(callback) {}
    export function expectedStatuses(...statuses) { return { statuses }; }
    export function file(data, filename, contentType) { return { data, filename, contentType }; }
    export function cookieJar() { return {}; }
    export function url(strings, ...values) { return String.raw(strings, ...values); }
    export default { get, post, put, del, patch, head, options, request, batch, asyncRequest, setResponseCallback,
      expectedStatuses, file, cookieJar, url };
    """;

  private static final String STUB_K6_EXECUTION = """
    const outside = (what) => { throw new Error(`exec.${what} is only available in an iteration, not while loading`); };
    export default {
      get scenario() { return outside('scenario'); },
      vu: { idInInstance: 0, idInTest: 0, iterationInInstance: 0, iterationInScenario: 0, tags: {}, metrics: {} },
      instance: { currentTestRunDuration: 0, iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0,
        vusInitialized: 0 },
      test: { abort(reason) { throw new Error('test aborted: ' + reason); }, options: {} },
    };
    """;

  private static final String STUB_K6_METRICS = """
    class Metric {
      constructor(name, isTime) {
        if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) {
          throw new Error('invalid metric name: ' + name);
        }
        this.name = name;
        globalThis.__k6Metrics.add(name);
      }
      add(value, tags) {}
    }
    export class Counter extends Metric {}
    export class Gauge extends Metric {}
    export class Rate extends Metric {}
    export class Trend extends Metric {}
    """;

  private static final String STUB_JSLIB = """
    import { randomUUID } from 'node:crypto';
    export const uuidv4 = () => randomUUID();
    export const randomIntBetween = (min, max) => Math.floor(Math.random() * (max - min + 1) + min);
    export const randomItem = (items) => items[Math.floor(Math.random() * items.length)];
    export const randomString = (length) => 'x'.repeat(length);
    export const findBetween = (content, left, right) => '';
    """;

  /**
   * Loads one module with {@code __ENV} from argv and checks what k6 would read from it; prints the problems and a
   * {@code SUMMARY} line (JSON: exports, scenarios, thresholds), and exits 1 on any problem.
   */
  private static final String CHECK_SCRIPT = """
    import { pathToFileURL } from 'node:url';
    const [file, env] = process.argv.slice(2);
    globalThis.__ENV = JSON.parse(env);
    globalThis.__VU = 0;
    globalThis.__ITER = 0;
    globalThis.__k6Metrics = new Set();
    let m;
    try {
      m = await import(pathToFileURL(file).href);
    } catch (e) {
      console.log(`cannot load ${file}: ${e && e.stack || e}`);
      process.exit(1);
    }
    const problems = [];
    const BUILT_IN = new Set(['checks', 'data_received', 'data_sent', 'dropped_iterations', 'group_duration',
      'http_req_blocked', 'http_req_connecting', 'http_req_duration', 'http_req_failed', 'http_req_receiving',
      'http_req_sending', 'http_req_tls_handshaking', 'http_req_waiting', 'http_reqs', 'iteration_duration',
      'iterations', 'vus', 'vus_max']);
    const EXECUTORS = new Set(['constant-arrival-rate', 'ramping-arrival-rate', 'constant-vus', 'ramping-vus',
      'per-vu-iterations', 'shared-iterations', 'externally-controlled']);
    const DURATION = /^(\\d+(\\.\\d+)?(ms|s|m|h))+$/;
    const EXPRESSION = /^\\s*(avg|min|max|med|count|rate|value|p\\(\\d+(\\.\\d+)?\\))\\s*(<|<=|>|>=|==|===|!=)\\s*-?\\d+(\\.\\d+)?\\s*$/;
    const KEY = /^([A-Za-z_][A-Za-z0-9_]*)(\\{([^{}:,]+:[^{}:,]*)(,[^{}:,]+:[^{}:,]*)*\\})?$/;
    const positiveInt = (v) => Number.isInteger(v) && v > 0;
    const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
    const exported = (name) => typeof m[name] === 'function';

    if (typeof m.default !== 'function') problems.push('no default function is exported');
    for (const name of ['setup', 'teardown', 'handleSummary']) {
      if (name in m && typeof m[name] !== 'function') problems.push(`${name} is exported but not a function`);
    }
    const o = m.options;
    const summary = { exports: Object.keys(m).sort(), scenarios: {}, thresholds: {} };
    if (!isObject(o)) {
      problems.push('no options object is exported');
    } else {
      (function noFunctions(value, path) {
        if (typeof value === 'function' || value === undefined) problems.push(`options${path} is ${typeof value}`);
        else if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`options${path} is ${value}`);
        else if (value !== null && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) noFunctions(v, `${path}.${k}`);
        }
      })(o, '');
      if (!isObject(o.thresholds) || Object.keys(o.thresholds).length === 0) {
        problems.push('no thresholds in options');
      } else {
        for (const [key, list] of Object.entries(o.thresholds)) {
          const k = KEY.exec(key);
          if (!k) problems.push(`not a threshold metric: ${key}`);
          else if (!BUILT_IN.has(k[1]) && !globalThis.__k6Metrics.has(k[1])) problems.push(`unknown metric ${k[1]}`);
          if (!Array.isArray(list) || list.length === 0) {
            problems.push(`threshold ${key} is not a non-empty array`);
            continue;
          }
          summary.thresholds[key] = [];
          for (const t of list) {
            const expression = isObject(t) ? t.threshold : t;
            if (typeof expression !== 'string' || !EXPRESSION.test(expression)) {
              problems.push(`${key}: not a threshold expression: ${expression}`);
            }
            summary.thresholds[key].push(expression);
          }
        }
        if (!('http_req_failed' in o.thresholds)) problems.push('no http_req_failed threshold');
        if (!Object.keys(o.thresholds).some((key) => key.startsWith('http_req_duration'))) {
          problems.push('no http_req_duration threshold');
        }
      }
      if (!isObject(o.scenarios) || Object.keys(o.scenarios).length === 0) {
        problems.push('no scenarios in options');
      } else {
        for (const [name, s] of Object.entries(o.scenarios)) {
          const where = `scenario ${name}`;
          if (!/^[A-Za-z0-9_-]+$/.test(name)) problems.push(`${where}: a scenario name is [A-Za-z0-9_-]+`);
          if (!isObject(s) || !EXECUTORS.has(s.executor)) {
            problems.push(`${where}: unknown executor ${s && s.executor}`);
            continue;
          }
          if (s.exec !== undefined && s.exec !== 'default' && !exported(s.exec)) {
            problems.push(`${where}: exec "${s.exec}" is not an exported function`);
          }
          if (s.executor === 'constant-arrival-rate') {
            if (!positiveInt(s.rate)) problems.push(`${where}: rate ${s.rate} is not a positive integer`);
            if (!DURATION.test(s.timeUnit || '1s')) problems.push(`${where}: timeUnit ${s.timeUnit}`);
            if (!DURATION.test(s.duration)) problems.push(`${where}: duration ${s.duration}`);
            if (!positiveInt(s.preAllocatedVUs)) problems.push(`${where}: preAllocatedVUs ${s.preAllocatedVUs}`);
            if (s.maxVUs !== undefined && !(positiveInt(s.maxVUs) && s.maxVUs >= s.preAllocatedVUs)) {
              problems.push(`${where}: maxVUs ${s.maxVUs} below preAllocatedVUs`);
            }
          }
          summary.scenarios[name] = { executor: s.executor, rate: s.rate, timeUnit: s.timeUnit || '1s',
            duration: s.duration, exec: s.exec || 'default' };
        }
      }
      for (const name of ['setupTimeout', 'teardownTimeout']) {
        if (name in o && !DURATION.test(o[name])) problems.push(`${name} ${o[name]} is not a duration`);
      }
    }
    for (const p of problems) console.log(`${file}: ${p}`);
    console.log('SUMMARY ' + JSON.stringify(summary));
    process.exit(problems.length === 0 ? 0 : 1);
    """;
}
