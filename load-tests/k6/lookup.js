// lookup.js: POST /v1/events/lookup of BATCH_SIZE random ids (default 100, the server's cache.maxBatchSize) from a
// key space written in setup() with POST /v1/events/batch. The server answers from its LRU and asks Redis, in one
// pipelined round trip, only for the ids the LRU lacks. With the default KEYS (50,000, above cache.lruSize 10,000)
// most ids come from Redis; with KEYS=1000 the lookup is served from the LRU alone. Every id is found: the check
// fails on any id in "missing".
// Thresholds: batch p99 < 10 ms (op "lookup"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (lookups per second), DURATION; see lib.js.
//   KEYS        events in the key space (default 50,000; shared with get-event-redis.js)
//   BATCH_SIZE  ids per lookup (default 100; above the server's cache.maxBatchSize it answers 413)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/lookup.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, BATCH_P99, MAX_BATCH, WIDE, envInt, openModel, params, randomKey, writeKeySpace } from './lib.js';

const KEYS = envInt('KEYS', 50000);
const BATCH_SIZE = envInt('BATCH_SIZE', MAX_BATCH);
if (BATCH_SIZE > KEYS) {
  throw new Error(`BATCH_SIZE (${BATCH_SIZE}) must not exceed KEYS (${KEYS}): a lookup asks for distinct ids`);
}

export const options = openModel({ lookup: BATCH_P99 }, { setupTimeout: '10m' });

const LOOKUP = params('lookup', 'POST /v1/events/lookup', { body: true });

export function setup() {
  writeKeySpace(WIDE, KEYS);
}

export default function () {
  // Distinct ids: the server answers a repeated id once.
  const ids = new Set();
  while (ids.size < BATCH_SIZE) {
    ids.add(randomKey(WIDE, KEYS));
  }
  const response = http.post(`${BASE_URL}/v1/events/lookup`, JSON.stringify({ ids: [...ids] }), LOOKUP);
  check(response, {
    'ok (200)': (r) => r.status === 200,
    'none missing': (r) => r.status === 200 && r.json('missing.#') === 0,
  });
}
