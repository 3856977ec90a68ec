// batch-set.js: POST /v1/events/batch with BATCH_SIZE fresh ~2 KB events per request (default 100, the server's
// cache.maxBatchSize), each a create: one pipelined Redis round trip per request. RATE counts requests, so the
// server writes RATE x BATCH_SIZE events per second.
// Thresholds: batch p99 < 10 ms (op "set_batch"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (batches per second), DURATION; see lib.js.
//   BATCH_SIZE  events per request (default 100; above the server's cache.maxBatchSize it answers 413)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/batch-set.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { BASE_URL, BATCH_P99, MAX_BATCH, auditEvent, envInt, openModel, params } from './lib.js';

const BATCH_SIZE = envInt('BATCH_SIZE', MAX_BATCH);

export const options = openModel({ set_batch: BATCH_P99 });

const BATCH = params('set_batch', 'POST /v1/events/batch', { body: true });

export default function () {
  const first = exec.scenario.iterationInTest * BATCH_SIZE;
  const events = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    events.push(auditEvent(first + i));
  }
  const response = http.post(`${BASE_URL}/v1/events/batch`, JSON.stringify({ events: events }), BATCH);
  check(response, {
    'ok (200)': (r) => r.status === 200,
    'every event created': (r) => r.status === 200
      && r.json().results.filter((result) => result.status === 'created').length === BATCH_SIZE,
  });
}
