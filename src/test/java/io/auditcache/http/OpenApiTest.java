package io.auditcache.http;

import io.auditcache.bus.ProblemType;
import io.auditcache.support.RedisFixture;
import io.auditcache.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps {@code /openapi.json} true to the server: it describes exactly the routes the router serves, every
 * operation is complete, every reference resolves and every error is a problem document.
 */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  /** Probes whose 503 is their own status document (what orchestrators read), not a problem. */
  private static final Set<String> PROBES = Set.of("/health", "/health/ready", "/health/startup");

  private static TestServer server;
  private static JsonObject document;

  @BeforeAll
  static void start() {
    server = TestServer.start(RedisFixture.shared(), Map.of());
    HttpResponse<Buffer> response = server.get("/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    document = response.bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_document_is_openapi_3_1_with_a_title_and_a_version() {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("info")).isNotNull();
    assertThat(document.getJsonObject("info").getString("title")).isNotBlank();
    assertThat(document.getJsonObject("info").getString("version")).isNotBlank();
  }

  @Test
  void the_paths_describe_exactly_the_routes_the_router_serves() {
    Set<String> documented = new TreeSet<>(operations().keySet());
    Set<String> served = new TreeSet<>(server.main().state().routes());
    assertThat(served).as("the router's route table").isNotEmpty();

    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<String> unserved = new TreeSet<>(documented);
    unserved.removeAll(served);

    if (!undocumented.isEmpty() || !unserved.isEmpty()) {
      fail("openapi.json and the router disagree."
        + "\n  served by the router but missing from openapi.json: " + undocumented
        + "\n  in openapi.json but not served by the router: " + unserved);
    }
  }

  @Test
  void every_path_parameter_in_a_template_is_declared_and_required() {
    List<String> problems = new ArrayList<>();
    operations().forEach((route, operation) -> {
      String path = route.substring(route.indexOf(' ') + 1);
      Set<String> declared = new TreeSet<>();
      for (JsonObject parameter : parameters(path, operation)) {
        if ("path".equals(parameter.getString("in"))) {
          declared.add(parameter.getString("name"));
          if (!Boolean.TRUE.equals(parameter.getBoolean("required"))) {
            problems.add(route + ": path parameter " + parameter.getString("name") + " is not required");
          }
        }
      }
      Set<String> inTemplate = new TreeSet<>();
      Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(path);
      while (matcher.find()) {
        inTemplate.add(matcher.group(1));
      }
      if (!declared.equals(inTemplate)) {
        problems.add(route + ": the template names " + inTemplate + " but the parameters declare " + declared);
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void every_operation_has_a_unique_operation_id_a_summary_and_a_described_response_for_each_status() {
    List<String> problems = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    operations().forEach((route, operation) -> {
      String id = operation.getString("operationId");
      if (id == null || id.isBlank()) {
        problems.add(route + ": no operationId");
      } else if (ids.putIfAbsent(id, route) != null) {
        problems.add(route + ": operationId " + id + " is also used by " + ids.get(id));
      }
      if (operation.getString("summary") == null || operation.getString("summary").isBlank()) {
        problems.add(route + ": no summary");
      }
      JsonObject responses = operation.getJsonObject("responses");
      if (responses == null || responses.isEmpty()) {
        problems.add(route + ": no responses");
        return;
      }
      if (responses.fieldNames().stream().noneMatch(status -> status.startsWith("2"))) {
        problems.add(route + ": no success response");
      }
      for (String status : responses.fieldNames()) {
        String where = route + " " + status;
        if (!status.matches("[1-5][0-9][0-9]")) {
          problems.add(where + ": not an HTTP status");
          continue;
        }
        JsonObject response = resolve(responses.getValue(status));
        if (response == null) {
          problems.add(where + ": no response object");
          continue;
        }
        if (response.getString("description") == null || response.getString("description").isBlank()) {
          problems.add(where + ": no description");
        }
        JsonObject content = response.getJsonObject("content");
        boolean empty = status.equals("204") || status.equals("304");
        if (empty && content != null && !content.isEmpty()) {
          problems.add(where + ": a " + status + " has no body, yet content is declared");
        } else if (!empty && (content == null || content.isEmpty())) {
          problems.add(where + ": no content");
        } else if (!empty) {
          content.forEach(media -> {
            JsonObject mediaType = (JsonObject) media.getValue();
            if (mediaType.getValue("schema") == null) {
              problems.add(where + " " + media.getKey() + ": no schema");
            }
          });
        }
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void every_ref_resolves_to_an_existing_component() {
    List<String> unresolved = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    walk(document, "", (pointer, ref) -> {
      seen.add(ref);
      if (!ref.startsWith("#/components/")) {
        unresolved.add(pointer + ": " + ref + " (not a local component)");
      } else if (pointerValue(ref.substring(1)) == null) {
        unresolved.add(pointer + ": " + ref);
      }
    });
    assertThat(seen).as("the document uses components").isNotEmpty();
    assertThat(unresolved).isEmpty();
  }

  @Test
  void the_components_the_api_relies_on_exist() {
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.fieldNames()).contains("AuditEvent", "WriteResult", "BatchRequest", "BatchResult",
      "LookupRequest", "LookupResult", "WarmupResult", "Head", "HeadWrite", "Append", "HashEntries", "HashRange",
      "SequenceOne", "SequenceRange", "GapRange", "Gaps", "GapDetail", "Stats", "Health", "Problem");
    assertThat(schemas.getJsonObject("AuditEvent").getJsonArray("required").getList())
      .containsExactlyInAnyOrder("id", "sequenceNum", "eventHash");
    assertThat(schemas.getJsonObject("Problem").getJsonArray("required").getList())
      .contains("type", "title", "status", "detail");
  }

  @Test
  void error_responses_are_problem_documents_and_every_503_problem_says_when_to_retry() {
    List<String> problems = new ArrayList<>();
    operations().forEach((route, operation) -> {
      String path = route.substring(route.indexOf(' ') + 1);
      JsonObject responses = operation.getJsonObject("responses");
      for (String status : responses.fieldNames()) {
        if (!status.matches("[45][0-9][0-9]")) {
          continue;
        }
        String where = route + " " + status;
        JsonObject response = resolve(responses.getValue(status));
        JsonObject content = response == null ? null : response.getJsonObject("content");
        if (PROBES.contains(path) && status.equals("503")) {
          continue;
        }
        if (content == null || !content.fieldNames().equals(Set.of(PROBLEM_JSON))) {
          problems.add(where + ": content must be exactly " + PROBLEM_JSON + ", is "
            + (content == null ? "none" : content.fieldNames()));
          continue;
        }
        if (!refersToProblem(content.getJsonObject(PROBLEM_JSON).getJsonObject("schema"))) {
          problems.add(where + ": the schema does not reference " + PROBLEM_REF);
        }
        if (status.equals("503")) {
          JsonObject headers = response.getJsonObject("headers");
          if (headers == null || resolve(headers.getValue("Retry-After")) == null) {
            problems.add(where + ": no Retry-After header");
          }
        }
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void the_problem_types_are_the_servers() {
    JsonArray documented = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")
      .getJsonObject("properties").getJsonObject("type").getJsonArray("enum");
    Set<String> served = Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
    assertThat(documented.getList()).containsExactlyInAnyOrderElementsOf(served);
  }

  /** Every operation by {@code "METHOD /path"}, as the router's table spells routes. */
  private static Map<String, JsonObject> operations() {
    Map<String, JsonObject> operations = new LinkedHashMap<>();
    JsonObject paths = document.getJsonObject("paths");
    assertThat(paths).as("paths").isNotNull();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          operations.put(method.toUpperCase(Locale.ROOT) + " " + path, item.getJsonObject(method));
        }
      }
    }
    return operations;
  }

  /** The path item's and the operation's parameters, references resolved. */
  private static List<JsonObject> parameters(String path, JsonObject operation) {
    List<JsonObject> all = new ArrayList<>();
    JsonArray shared = document.getJsonObject("paths").getJsonObject(path).getJsonArray("parameters");
    JsonArray own = operation.getJsonArray("parameters");
    for (JsonArray list : new JsonArray[] {shared, own}) {
      if (list != null) {
        list.forEach(parameter -> all.add(resolve(parameter)));
      }
    }
    return all;
  }

  /** True when the schema is the Problem schema or an {@code allOf} that includes it. */
  private static boolean refersToProblem(JsonObject schema) {
    if (schema == null) {
      return false;
    }
    if (PROBLEM_REF.equals(schema.getString("$ref"))) {
      return true;
    }
    JsonArray allOf = schema.getJsonArray("allOf");
    return allOf != null && allOf.stream().anyMatch(part -> part instanceof JsonObject object
      && PROBLEM_REF.equals(object.getString("$ref")));
  }

  /** An object, or the component its {@code $ref} names (following chains of references); null when missing. */
  private static JsonObject resolve(Object value) {
    Object current = value;
    for (int hops = 0; hops < 10 && current instanceof JsonObject object && object.getString("$ref") != null; hops++) {
      String ref = object.getString("$ref");
      current = ref.startsWith("#") ? pointerValue(ref.substring(1)) : null;
    }
    return current instanceof JsonObject object ? object : null;
  }

  /** The value at an RFC 6901 JSON Pointer in the document; null when there is none. */
  private static Object pointerValue(String pointer) {
    Object current = document;
    if (pointer.isEmpty()) {
      return current;
    }
    for (String token : pointer.substring(1).split("/", -1)) {
      String name = token.replace("~1", "/").replace("~0", "~");
      if (current instanceof JsonObject object) {
        current = object.getValue(name);
      } else if (current instanceof JsonArray array && name.matches("0|[1-9][0-9]*")
        && Integer.parseInt(name) < array.size()) {
        current = array.getValue(Integer.parseInt(name));
      } else {
        return null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** Calls {@code onRef(pointer, ref)} for every {@code $ref} string anywhere in the tree. */
  private static void walk(Object node, String pointer, BiConsumer<String, String> onRef) {
    if (node instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        Object value = object.getValue(name);
        String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
        if (name.equals("$ref") && value instanceof String ref) {
          onRef.accept(at, ref);
        } else {
          walk(value, at, onRef);
        }
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), pointer + "/" + i, onRef);
      }
    }
  }
}
