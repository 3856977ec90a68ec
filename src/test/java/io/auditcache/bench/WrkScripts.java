package io.auditcache.bench;

/** The Lua scripts that make wrk send the benchmark's requests (fresh ids for writes, known ids for reads). */
final class WrkScripts {

  /**
   * Lua's random numbers start from the same seed in every wrk process: without a seed of its own, each wrk run would
   * send the ids of the previous one again, and the writes would measure "unchanged" instead of new events.
   */
  private static final String EVENT = """
    math.randomseed(SEED)
    local padding = string.rep("x", 1600)
    local counter = 0
    -- thread_id is the global that setup() gives each thread's Lua state (a local of the same name would hide it,
    -- and every thread would send the same ids).
    function setup(thread)
      thread:set("thread_id", math.random(1, 2147483647))
    end
    local function event(n)
      local id = string.format("%08x-%04x-4000-8000-%012x", thread_id % 4294967295, math.floor(n / 281474976710656) % 65536, n % 281474976710656)
      return '{"id":"' .. id .. '","sequenceNum":' .. n .. ',"eventHash":"sha256:' .. string.format("%064x", n)
        .. '","chain":"wrk","timestamp":"2026-11-24T10:15:30.123Z","actor":"user@example.com","action":"document.update",'
        .. '"resource":"documents/' .. n .. '","payload":{"note":"' .. padding .. '"}}'
    end
    """;

  private WrkScripts() {
  }

  /** The event builder with a seed of its own, so that this run's ids are new. */
  private static String event() {
    return EVENT.replace("SEED", Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
  }

  /** GET of ids 0..space-1 written by the benchmark, in a scattered order. */
  static String get(long space) {
    return """
      local prefix = "%s"
      local space = %d
      local n = 0
      request = function()
        n = n + 1
        local k = (n * 7919) %% space
        local id = string.format("%%s-%%04x-4%%03x-8%%03x-%%012x", prefix, 0, 0, 0, k)
        return wrk.format("GET", "/v1/events/" .. id)
      end
      """.formatted(BenchEvents.id(0).substring(0, 8), space);
  }

  /** POST of a fresh 2 KB event per request. */
  static String set() {
    return event() + """
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      request = function()
        counter = counter + 1
        return wrk.format(nil, "/v1/events", nil, event(counter))
      end
      """;
  }

  /** POST of 100 fresh 2 KB events per request. */
  static String batch() {
    return event() + """
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      request = function()
        local events = {}
        for i = 1, 100 do
          counter = counter + 1
          events[i] = event(counter)
        end
        return wrk.format(nil, "/v1/events/batch", nil, '{"events":[' .. table.concat(events, ",") .. ']}')
      end
      """;
  }

  /** POST of one sequence number per request. */
  static String sequence() {
    return """
      wrk.method = "POST"
      request = function()
        return wrk.format(nil, "/v1/chains/wrk/sequence")
      end
      """;
  }
}
