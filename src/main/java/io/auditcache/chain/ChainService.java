package io.auditcache.chain;

import io.auditcache.bus.Addresses;
import io.auditcache.bus.ChainRequests;
import io.auditcache.bus.Consumers;
import io.auditcache.bus.Messages;
import io.auditcache.bus.Problem;
import io.auditcache.bus.ProblemType;
import io.auditcache.config.AuditCacheConfig;
import io.auditcache.metrics.AuditMeters;
import io.auditcache.metrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Serves the {@code audit.cache.chains.*} addresses other than sequence allocation (the sequence verticle's). */
public final class ChainService {

  private final ChainStore store;
  private final AuditCacheConfig config;
  private final AuditMeters meters;

  public ChainService(ChainStore store, AuditCacheConfig config, AuditMeters meters) {
    this.store = store;
    this.config = config;
    this.meters = meters;
  }

  /** Registers every address; completes when all registrations are done. */
  public Future<Void> register(Consumers consumers) {
    return Future.all(List.of(
      consumers.serve(Addresses.CHAINS_GET_HEAD, meters, Operation.GET_HEAD, this::getHead),
      consumers.serve(Addresses.CHAINS_PUT_HEAD, meters, Operation.PUT_HEAD, this::putHead),
      consumers.serve(Addresses.CHAINS_APPEND, meters, Operation.APPEND, this::append),
      consumers.serve(Addresses.CHAINS_PUT_HASHES, meters, Operation.PUT_HASHES, this::putHashes),
      consumers.serve(Addresses.CHAINS_GET_HASHES, meters, Operation.GET_HASHES, this::getHashes),
      consumers.serve(Addresses.CHAINS_ADD_GAP, meters, Operation.ADD_GAP, this::addGap),
      consumers.serve(Addresses.CHAINS_GET_GAPS, meters, Operation.GET_GAPS, this::getGaps))).mapEmpty();
  }

  private Future<JsonObject> getHead(Message<Object> message) {
    String chain = ChainRequests.chainName(Messages.json(message)).chain();
    return store.head(chain).map(head -> {
      if (head == null) {
        throw Problem.of(ProblemType.NOT_FOUND, "no head is cached for chain " + chain).toException();
      }
      return head.toJson();
    });
  }

  private Future<JsonObject> putHead(Message<Object> message) {
    ChainRequests.HeadWrite write = ChainRequests.headWrite(Messages.json(message));
    return store.putHead(write).map(outcome -> accepted(outcome,
      "the head of chain " + write.chain() + " cannot move to sequence " + write.sequence()
        + " with this hash: the head never moves back and a sequence keeps its hash"));
  }

  private Future<JsonObject> append(Message<Object> message) {
    ChainRequests.Append append = ChainRequests.append(Messages.json(message));
    return store.append(append).map(outcome -> accepted(outcome, outcome.head() == null
      ? "chain " + append.chain() + " has no cached head to append to; set it with PUT head from the system of record"
      : "the append does not extend the cached head (sequence " + outcome.head().sequence() + ")"));
  }

  private Future<JsonObject> putHashes(Message<Object> message) {
    ChainRequests.HashEntries entries = ChainRequests.hashEntries(Messages.json(message), config.cache().maxBatchSize());
    return store.putHashes(entries).map(conflicts -> {
      if (!conflicts.isEmpty()) {
        throw Problem.of(ProblemType.CONFLICT, "sequences " + conflicts + " of chain " + entries.chain()
            + " already hold other hashes; nothing was written")
          .with("sequences", new JsonArray(List.copyOf(conflicts)))
          .toException();
      }
      return new JsonObject();
    });
  }

  private Future<JsonObject> getHashes(Message<Object> message) {
    ChainRequests.Range range = ChainRequests.range(Messages.json(message), config.chain().maxRange());
    return store.hashes(range).map(found -> {
      JsonObject hashes = new JsonObject();
      found.forEach((seq, hash) -> hashes.put(Long.toString(seq), hash));
      return new JsonObject().put("hashes", hashes);
    });
  }

  private Future<JsonObject> addGap(Message<Object> message) {
    ChainRequests.Range range = ChainRequests.range(Messages.json(message), Long.MAX_VALUE);
    return store.addGap(range).map(done -> new JsonObject().put("from", range.from()).put("to", range.to()));
  }

  private Future<JsonObject> getGaps(Message<Object> message) {
    ChainRequests.GapQuery query = ChainRequests.gapQuery(Messages.json(message), config.sequence().maxGaps());
    return store.gaps(query.chain(), query.limit()).map(gaps -> {
      JsonArray list = new JsonArray();
      gaps.forEach(gap -> list.add(query.detail() ? gap.toJson() : gap.toPair()));
      return new JsonObject().put("gaps", list);
    });
  }

  private static JsonObject accepted(ChainStore.HeadOutcome outcome, String conflictDetail) {
    if (!outcome.accepted()) {
      throw Problem.of(ProblemType.CONFLICT, conflictDetail).with("head", Head.toJsonOrNull(outcome.head())).toException();
    }
    return outcome.head().toJson();
  }
}
