// get-event-lru.js: GET /v1/events/{id} for a small key space that stays in the server's in-process LRU, so every
// read is an LRU hit and never reaches Redis. setup() loads the key space with POST /v1/warmup, which puts the events
// in the LRU whether they are created or unchanged (ids and contents are fixed, so a second run finds them unchanged).
// With several server instances behind a load balancer, each other instance fills its own LRU on first read.
// Thresholds: read p99 < 2 ms (op "get_lru"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (reads per second), DURATION; see lib.js.
//   KEYS  events in the key space (default 1000); keep it well below the server's cache.lruSize (default 10,000)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/get-event-lru.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, HOT, READ_P99, envInt, openModel, params, randomKey, warmKeySpace } from './lib.js';

const KEYS = envInt('KEYS', 1000);

export const options = openModel({ get_lru: READ_P99 });

const GET = params('get_lru', 'GET /v1/events/{id}');

export function setup() {
  warmKeySpace(HOT, KEYS);
}

export default function () {
  const response = http.get(`${BASE_URL}/v1/events/${randomKey(HOT, KEYS)}`, GET);
  check(response, { 'found (200)': (r) => r.status === 200 });
}
