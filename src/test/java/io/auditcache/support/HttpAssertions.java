package io.auditcache.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on HTTP answers as a client sees them. */
public final class HttpAssertions {

  private HttpAssertions() {
  }

  /** An RFC 9457 problem of this status and type ({@code urn:audit-cache:problem:<type>}). */
  public static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:audit-cache:problem:" + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  /** The JSON Pointers a 400 problem names. */
  public static List<String> pointers(HttpResponse<Buffer> problem) {
    return problem.bodyAsJsonObject().getJsonArray("errors").stream()
      .map(error -> ((JsonObject) error).getString("pointer")).toList();
  }
}
