// get-event-redis.js: GET /v1/events/{id} for random ids of a key space much larger than the server's LRU, so most
// reads miss the LRU and reach Redis (one round trip each; the event found then fills the LRU). setup() writes the
// key space with POST /v1/events/batch, 100 events to a request (ids and contents are fixed, so a second run finds
// them unchanged and adds nothing to Redis).
// With the defaults (KEYS 50,000, cache.lruSize 10,000) about 80 % of the reads reach Redis. For 100 %, run the
// server with its LRU switched off: AUDIT_CACHE_CACHE_LRU_SIZE=0 java -jar target/audit-cache.jar
// Thresholds: read p99 < 2 ms (op "get_redis"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (reads per second), DURATION; see lib.js.
//   KEYS  events in the key space (default 50,000, about 100 MB in Redis); keep it well above cache.lruSize
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/get-event-redis.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, READ_P99, WIDE, envInt, openModel, params, randomKey, writeKeySpace } from './lib.js';

const KEYS = envInt('KEYS', 50000);

export const options = openModel({ get_redis: READ_P99 }, { setupTimeout: '10m' });

const GET = params('get_redis', 'GET /v1/events/{id}');

export function setup() {
  writeKeySpace(WIDE, KEYS);
}

export default function () {
  const response = http.get(`${BASE_URL}/v1/events/${randomKey(WIDE, KEYS)}`, GET);
  check(response, { 'found (200)': (r) => r.status === 200 });
}
