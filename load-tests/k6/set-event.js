// set-event.js: POST /v1/events with fresh ~2 KB events, each a create (201): the single-write path (validation,
// one atomic Redis SET NX, then the LRU).
// Thresholds: write p99 < 5 ms (op "set"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (writes per second), DURATION; see lib.js.
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/set-event.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { BASE_URL, WRITE_P99, auditEvent, openModel, params } from './lib.js';

export const options = openModel({ set: WRITE_P99 });

const SET = params('set', 'POST /v1/events');

export default function () {
  const event = auditEvent(exec.scenario.iterationInTest);
  const response = http.post(`${BASE_URL}/v1/events`, JSON.stringify(event), SET);
  check(response, { 'created (201)': (r) => r.status === 201 });
}
