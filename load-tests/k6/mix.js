// mix.js: a realistic mix, several open-model scenarios (each its own constant-arrival-rate executor) at once:
//   lru_reads    60 %  GET /v1/events/{id}, a small key space that stays in the LRU   read  p99 < 2 ms
//   redis_reads  15 %  GET /v1/events/{id}, a key space larger than the LRU           read  p99 < 2 ms
//   writes       15 %  POST /v1/events, a fresh ~2 KB event                           write p99 < 5 ms
//   batches       5 %  POST /v1/events/batch of BATCH_SIZE fresh events               batch p99 < 10 ms
//   sequences     5 %  POST /v1/chains/{chain}/sequence                               write p99 < 5 ms
// Each scenario's rate is its share of RATE (at least 1 request per second).
// Thresholds: the latencies above, each on its own requests (tag op: get_lru, get_redis, set, set_batch, sequence),
// and errors < 0.1 % (http_req_failed) over all of them.
// setup() loads the hot key space with POST /v1/warmup (into Redis and the LRU) and writes the wide one with
// POST /v1/events/batch (fixed ids and contents, shared with get-event-lru.js and get-event-redis.js). Run the server
// with its LRU on (the default): the LRU keeps the frequently read hot keys while writes and Redis reads pass through
// it; GET /v1/stats (hitsByTier) shows how the reads were served.
// Parameters: BASE_URL, RATE (requests per second over all scenarios), DURATION; see lib.js.
//   HOT_KEYS    events read by lru_reads (default 1000; keep it well below the server's cache.lruSize, 10,000)
//   KEYS        events read by redis_reads (default 50,000; keep it well above cache.lruSize)
//   BATCH_SIZE  events per batch (default 100, the server's cache.maxBatchSize)
//   CHAIN       the chain sequences asks for numbers (default bench)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/mix.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import {
  BASE_URL, BATCH_P99, HOT, MAX_BATCH, RATE, READ_P99, WIDE, WRITE_P99,
  arrival, auditEvent, baseOptions, envInt, envString, params, postBatch, randomKey, warmKeySpace, writeKeySpace,
} from './lib.js';

const HOT_KEYS = envInt('HOT_KEYS', 1000);
const KEYS = envInt('KEYS', 50000);
const BATCH_SIZE = envInt('BATCH_SIZE', MAX_BATCH);
const CHAIN = envString('CHAIN', 'bench');

/** A share of RATE, in whole requests per second. */
function share(fraction) {
  return Math.max(1, Math.round(RATE * fraction));
}

export const options = baseOptions({
  lru_reads: arrival(share(0.60), 'readLru'),
  redis_reads: arrival(share(0.15), 'readRedis'),
  writes: arrival(share(0.15), 'write'),
  batches: arrival(share(0.05), 'writeBatch'),
  sequences: arrival(share(0.05), 'nextSequence'),
}, {
  get_lru: READ_P99,
  get_redis: READ_P99,
  set: WRITE_P99,
  set_batch: BATCH_P99,
  sequence: WRITE_P99,
}, { setupTimeout: '10m' });

const GET_LRU = params('get_lru', 'GET /v1/events/{id}');
const GET_REDIS = params('get_redis', 'GET /v1/events/{id}');
const SET = params('set', 'POST /v1/events');
const BATCH = params('set_batch', 'POST /v1/events/batch', { body: true });
const SEQUENCE = params('sequence', 'POST /v1/chains/{chain}/sequence', { body: true });

export function setup() {
  warmKeySpace(HOT, HOT_KEYS);
  writeKeySpace(WIDE, KEYS);
}

export function readLru() {
  const response = http.get(`${BASE_URL}/v1/events/${randomKey(HOT, HOT_KEYS)}`, GET_LRU);
  check(response, { 'found (200)': (r) => r.status === 200 });
}

export function readRedis() {
  const response = http.get(`${BASE_URL}/v1/events/${randomKey(WIDE, KEYS)}`, GET_REDIS);
  check(response, { 'found (200)': (r) => r.status === 200 });
}

export function write() {
  const event = auditEvent(exec.scenario.iterationInTest);
  const response = http.post(`${BASE_URL}/v1/events`, JSON.stringify(event), SET);
  check(response, { 'created (201)': (r) => r.status === 201 });
}

export function writeBatch() {
  postBatch(exec.scenario.iterationInTest * BATCH_SIZE, BATCH_SIZE, BATCH);
}

export function nextSequence() {
  const response = http.post(`${BASE_URL}/v1/chains/${CHAIN}/sequence`, null, SEQUENCE);
  check(response, {
    'ok (200)': (r) => r.status === 200,
    'a sequence number': (r) => r.status === 200 && Number.isInteger(r.json('sequence')),
  });
}

// Every scenario names its function; the default (an LRU read) is for k6's shortcuts, e.g. k6 run --iterations 1.
export default readLru;
