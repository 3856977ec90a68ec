package io.auditcache.http;

import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemException;
import io.auditcache.bus.ProblemType;
import io.auditcache.config.Logging;
import io.vertx.core.eventbus.ReplyException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes every error as {@code application/problem+json} (RFC 9457): problems relayed from the event bus as they
 * came, router errors (404, 405, 413 from the body limit, ...) mapped to the same shape, and anything unexpected as
 * a 500 that is logged here and never shows internals.
 */
final class ProblemResponses {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(ProblemResponses.class.getName());

  private final long busTimeoutMs;
  private final int retryAfterSeconds;

  ProblemResponses(long busTimeoutMs, int retryAfterSeconds) {
    this.busTimeoutMs = busTimeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The router's failure handler: {@code ctx.fail(...)} from any handler ends here. */
  void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException problem) {
      write(ctx, problem.problem());
    } else if (failure instanceof ReplyException reply) {
      write(ctx, fromBus(reply));
    } else if (ctx.statusCode() == 413) {
      write(ctx, tooLarge());
    } else if (ctx.statusCode() == 400) {
      write(ctx, Problem.invalid("", "the request could not be read"));
    } else {
      unexpected(ctx.request(), RequestIds.of(ctx), failure);
    }
  }

  /** A failure nothing expected: logged here with the request's id, answered as a 500 that shows no internals. */
  void unexpected(HttpServerRequest request, String requestId, Throwable failure) {
    Logging.log(LOG, Level.SEVERE, "unexpected failure on " + request.method() + " " + request.path(), requestId, failure);
    write(request, Problem.of(ProblemType.INTERNAL, "the request could not be completed"));
  }

  /** The 413 of a request body over {@code http.maxBodyBytes}. */
  static Problem tooLarge() {
    return Problem.of(ProblemType.TOO_LARGE, "the request body is larger than http.maxBodyBytes");
  }

  void routeNotFound(RoutingContext ctx) {
    write(ctx, Problem.of(ProblemType.ROUTE_NOT_FOUND, "no resource at " + ctx.request().path()));
  }

  /** A 405 with the {@code Allow} header RFC 9110 asks for. */
  void methodNotAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader("Allow", allowed);
    write(ctx, Problem.of(ProblemType.METHOD_NOT_ALLOWED,
      ctx.request().method() + " is not allowed on " + ctx.request().path() + "; allowed: " + allowed));
  }

  /**
   * A request HTTP itself could not decode (never reaches the router): 414 for an over-long request line, 431 for
   * over-large headers, 400 otherwise; then the connection is closed, as its stream cannot be trusted.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem = cause instanceof TooLongHttpLineException
      ? Problem.of(ProblemType.URI_TOO_LONG, "the request line is longer than the server accepts")
      : cause instanceof TooLongHttpHeaderException
      ? Problem.of(ProblemType.HEADERS_TOO_LARGE, "the request headers are larger than the server accepts")
      : Problem.of(ProblemType.INVALID_REQUEST, "the request is not valid HTTP");
    int status = problem.status();
    request.response().setStatusCode(status).putHeader("Content-Type", PROBLEM_JSON).putHeader("Connection", "close")
      .end(problem.encode());
  }

  /** Maps an event-bus failure: the worker's own problem, or the bus' timeout and no-handler cases. */
  Problem fromBus(ReplyException failure) {
    return switch (failure.failureType()) {
      case RECIPIENT_FAILURE -> Problem.decode(failure.failureCode(), failure.getMessage());
      case TIMEOUT -> Problem.of(ProblemType.TIMEOUT, "no answer from a cache worker within " + busTimeoutMs + " ms");
      default -> Problem.of(ProblemType.OVERLOADED, "no cache worker is available")
        .with(Problem.RETRY_AFTER, retryAfterSeconds);
    };
  }

  static void write(RoutingContext ctx, Problem problem) {
    write(ctx.request(), problem);
  }

  static void write(HttpServerRequest request, Problem problem) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
    Integer retryAfter = problem.retryAfterSeconds();
    if (retryAfter != null) {
      response.putHeader("Retry-After", retryAfter.toString());
    }
    response.end(problem.encode());
  }
}
