package io.auditcache.http;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.AuditEvent;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemException;
import io.auditcache.bus.RequestReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Serves {@code POST /v1/chains/{chain}/append} ahead of the router when the chain is a valid chain name (which needs
 * no percent-decoding); every other request goes on to the router. Appends are the hash chain's hot path, and their
 * p99 at half load missed its 5 ms where a bare server running the same Redis script met it: ours spent 1.3 times its
 * CPU per append, a share of it on vertx-web (the routing context, the body handler, and the regexes of the templated
 * routes tried before this one). The answer is the one the router would give: the same request id, draining and
 * access-log behaviour, HTTP route label, body limit (413), media-type check (415) and problems. A request asking
 * {@code Expect: 100-continue} is left to the router's body handler, which answers it.
 */
final class ChainAppendShortcut {

  /** The append route's template, also its label in the HTTP meters. */
  static final String ROUTE = "/v1/chains/:chain/append";
  private static final String PREFIX = "/v1/chains/";
  private static final String SUFFIX = "/append";
  /** The body buffer's first size when the request does not declare its length (chunked). */
  private static final int UNDECLARED_LENGTH = 1_024;

  private final BusRelay bus;
  private final ServerState state;
  private final ProblemResponses problems;
  private final RequestIds requestIds;
  private final long maxBodyBytes;

  ChainAppendShortcut(BusRelay bus, ProblemResponses problems, ServerState state, RequestIds requestIds,
                      long maxBodyBytes) {
    this.bus = bus;
    this.problems = problems;
    this.state = state;
    this.requestIds = requestIds;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Serves the request if it is an append to a plainly named chain; false leaves it to the router. */
  boolean serve(HttpServerRequest request) {
    String chain = plainChain(request);
    if (chain == null || request.headers().contains(HttpHeaders.EXPECT)) {
      return false;
    }
    new Append(request, chain).start();
    return true;
  }

  /** The chain of a {@code POST /v1/chains/{chain}/append} whose chain is a valid name; null for any other request. */
  private static String plainChain(HttpServerRequest request) {
    String path = request.path();
    if (!HttpMethod.POST.equals(request.method()) || path == null || !path.startsWith(PREFIX)
      || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String chain = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return AuditEvent.isChainName(chain) ? chain : null;
  }

  /** One append: reads the body within the limit, then relays it to a chain worker. */
  private final class Append {

    private final HttpServerRequest request;
    private final String chain;
    private final long start = System.nanoTime();
    private String requestId;
    private long declared;
    private Buffer body;
    /** Whether {@link #body} is a buffer of ours (grown by appending), not the first chunk as it came. */
    private boolean ownBuffer;
    /** Set once the response is decided (a refusal) or left to a worker (the whole body was read). */
    private boolean decided;

    Append(HttpServerRequest request, String chain) {
      this.request = request;
      this.chain = chain;
    }

    void start() {
      requestId = RequestIds.assign(request);
      state.closeIfDraining(request.response());
      request.routed(ROUTE);
      declared = declaredLength();
      if (declared > maxBodyBytes) {
        // As the router's body handler does: refused before a byte of the body is read.
        refuse(ProblemResponses.tooLarge());
        return;
      }
      request.handler(this::chunk)
        .endHandler(ended -> relay())
        .exceptionHandler(failure -> {
          if (!decided) {
            refuse(Problem.invalid("", "the request body could not be read"));
          }
        });
    }

    private void chunk(Buffer chunk) {
      if (decided) {
        return;
      }
      if ((long) length() + chunk.length() > maxBodyBytes) {
        refuse(ProblemResponses.tooLarge());
      } else if (body == null) {
        // A chunk is the handler's to keep; most appends arrive in one, which is then used as it came.
        body = chunk;
      } else {
        ownBuffer().appendBuffer(chunk);
      }
    }

    private void relay() {
      if (decided) {
        return;
      }
      decided = true;
      Problem notJson = EventRoutes.notJson(request);
      if (notJson != null) {
        refuse(notJson);
        return;
      }
      JsonObject append;
      try {
        // The path's chain wins over a chain in the body, as on the router's route.
        append = RequestReader.object(body).put("chain", chain);
      } catch (ProblemException invalid) {
        refuse(invalid.problem());
        return;
      } catch (RuntimeException unexpected) {
        // What the router's failure handler gives a handler's exception: a logged 500, never a hang.
        problems.unexpected(request, requestId, unexpected);
        requestIds.ended(request, ROUTE, start, requestId);
        return;
      }
      bus.relay(request, requestId, Addresses.CHAINS_APPEND, append,
        () -> requestIds.ended(request, ROUTE, start, requestId));
    }

    private void refuse(Problem problem) {
      decided = true;
      ProblemResponses.write(request, problem);
      requestIds.ended(request, ROUTE, start, requestId);
    }

    /** The body so far in a buffer of ours, sized for the whole declared body when a second chunk first joins it. */
    private Buffer ownBuffer() {
      if (!ownBuffer) {
        // declared <= maxBodyBytes, which the configuration bounds by Integer.MAX_VALUE.
        body = Buffer.buffer(declared > 0 ? (int) declared : UNDECLARED_LENGTH).appendBuffer(body);
        ownBuffer = true;
      }
      return body;
    }

    private int length() {
      return body == null ? 0 : body.length();
    }

    /** The Content-Length, or -1 when the body is chunked (Netty has already refused a malformed length). */
    private long declaredLength() {
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      try {
        return length == null ? -1 : Long.parseLong(length.trim());
      } catch (NumberFormatException malformed) {
        return -1;
      }
    }
  }
}
