package io.auditcache.bus;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The request shapes of the {@code audit.cache.chains.*} addresses, read and validated from JSON. Every bad member is
 * named in a 400; an over-long batch is a 413.
 */
public final class ChainRequests {

  /** Gaps listed when a query gives no limit (or sequence.maxGaps, if that is lower). */
  private static final int DEFAULT_GAP_LIMIT = 100;

  private ChainRequests() {
  }

  /** {@code {"chain"}}. */
  public record ChainName(String chain) {
  }

  /** {@code {"chain","hash","sequence"}} for PUT head. */
  public record HeadWrite(String chain, long sequence, String hash) {
  }

  /** {@code {"chain","sequence","previousHash"?,"hash"}}; previousHash is null for a chain's first append. */
  public record Append(String chain, long sequence, String previousHash, String hash) {
  }

  /** {@code {"chain","hashes":{"100":"h100",...}}}, by ascending sequence. */
  public record HashEntries(String chain, SortedMap<Long, String> hashes) {
  }

  /** {@code {"chain","from","to"}}: a hash range to read, or a gap to record. */
  public record Range(String chain, long from, long to) {
  }

  /** {@code {"chain","count"?,"idempotencyKey"?}}; {@code countGiven} tells which reply shape the caller wants. */
  public record SequenceRequest(String chain, int count, boolean countGiven, String idempotencyKey) {
  }

  /** {@code {"chain","limit"?,"detail"?}}. */
  public record GapQuery(String chain, int limit, boolean detail) {
  }

  public static ChainName chainName(JsonObject json) {
    RequestFields fields = new RequestFields(json);
    String chain = fields.chain();
    fields.check();
    return new ChainName(chain);
  }

  public static HeadWrite headWrite(JsonObject json) {
    RequestFields fields = new RequestFields(json);
    HeadWrite write = new HeadWrite(fields.chain(), fields.sequence("sequence"), fields.hash("hash", true));
    fields.check();
    return write;
  }

  public static Append append(JsonObject json) {
    RequestFields fields = new RequestFields(json);
    Append append = new Append(fields.chain(), fields.sequence("sequence"), fields.hash("previousHash", false),
      fields.hash("hash", true));
    fields.check();
    return append;
  }

  /** At most {@code maxEntries} entries (413 beyond); keys are sequences in canonical decimal form. */
  public static HashEntries hashEntries(JsonObject json, int maxEntries) {
    RequestFields fields = new RequestFields(json);
    String chain = fields.chain();
    JsonObject hashes = fields.object("hashes");
    SortedMap<Long, String> entries = new TreeMap<>();
    if (hashes != null) {
      if (hashes.size() > maxEntries) {
        throw Problem.of(ProblemType.TOO_LARGE, "at most " + maxEntries + " hash entries per request, got " + hashes.size())
          .toException();
      }
      if (hashes.isEmpty()) {
        fields.error("/hashes", "must hold at least one entry");
      }
      for (Map.Entry<String, Object> entry : hashes) {
        String pointer = "/hashes/" + entry.getKey().replace("~", "~0").replace("/", "~1");
        Long sequence = RequestFields.parseKey(entry.getKey());
        boolean validSequence = sequence != null && sequence <= AuditEvent.MAX_SEQUENCE;
        boolean validHash = entry.getValue() instanceof String hash && AuditEvent.isHash(hash);
        if (!validSequence) {
          fields.error(pointer, "the key must be a sequence number from 0 to " + AuditEvent.MAX_SEQUENCE + " in decimal");
        } else if (!validHash) {
          fields.error(pointer, "must be 1-" + AuditEvent.MAX_HASH_LENGTH + " characters of [A-Za-z0-9:+/=_-]");
        } else {
          entries.put(sequence, (String) entry.getValue());
        }
      }
    }
    fields.check();
    return new HashEntries(chain, entries);
  }

  /** A {@code from..to} range with from &lt;= to, spanning at most {@code maxLength} numbers. */
  public static Range range(JsonObject json, long maxLength) {
    RequestFields fields = new RequestFields(json);
    String chain = fields.chain();
    long from = fields.sequence("from");
    long to = fields.sequence("to");
    if (from >= 0 && to >= 0 && from > to) {
      fields.error("/from", "must not be greater than to (" + to + ")");
    } else if (from >= 0 && to >= 0 && to - from + 1 > maxLength) {
      fields.error("/to", "the range may span at most " + maxLength + " numbers");
    }
    fields.check();
    return new Range(chain, from, to);
  }

  public static SequenceRequest sequenceRequest(JsonObject json, int maxCount) {
    RequestFields fields = new RequestFields(json);
    String chain = fields.chain();
    Long count = fields.integer("count", 1, maxCount, 1L);
    String key = fields.idempotencyKey("idempotencyKey");
    fields.check();
    return new SequenceRequest(chain, count.intValue(), json.getValue("count") != null, key);
  }

  public static GapQuery gapQuery(JsonObject json, int maxLimit) {
    RequestFields fields = new RequestFields(json);
    String chain = fields.chain();
    Long limit = fields.integer("limit", 1, maxLimit, (long) Math.min(DEFAULT_GAP_LIMIT, maxLimit));
    boolean detail = fields.flag("detail");
    fields.check();
    return new GapQuery(chain, limit == null ? 0 : limit.intValue(), detail);
  }
}
