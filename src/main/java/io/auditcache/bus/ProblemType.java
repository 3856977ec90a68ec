package io.auditcache.bus;

/**
 * Every kind of failure the server reports, with the HTTP status it maps to. On the event bus the status is the
 * failure code of {@code Message.fail(code, problemJson)}, so a consumer in the cluster sees the same detail as an
 * HTTP client.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "The request is not valid"),
  NOT_FOUND(404, "not-found", "Not cached"),
  ROUTE_NOT_FOUND(404, "route-not-found", "No such resource"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed on this resource"),
  CONFLICT(409, "conflict", "Conflicts with what is cached"),
  TOO_LARGE(413, "too-large", "Request too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be JSON"),
  URI_TOO_LONG(414, "uri-too-long", "The request line is too long"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "The request headers are too large"),
  OVERLOADED(503, "overloaded", "The server is overloaded, retry later"),
  REDIS_UNAVAILABLE(503, "redis-unavailable", "Redis is unavailable, retry later"),
  REDIS_OUT_OF_MEMORY(503, "redis-out-of-memory", "Redis is out of memory"),
  TIMEOUT(504, "timeout", "No answer in time"),
  INTERNAL(500, "internal", "Internal error");

  private static final String TYPE_PREFIX = "urn:audit-cache:problem:";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  /** The HTTP status, which is also the event-bus failure code. */
  public int status() {
    return status;
  }

  /** The RFC 9457 {@code type} URI, e.g. {@code urn:audit-cache:problem:conflict}. */
  public String uri() {
    return TYPE_PREFIX + slug;
  }

  public String title() {
    return title;
  }
}
