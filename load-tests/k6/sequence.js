// sequence.js: POST /v1/chains/{chain}/sequence, one number per request. The server's sequence verticle keeps one
// Redis round trip in flight and turns every request queued meanwhile into one allocation, so this measures how
// well that coalescing holds latency down as the rate grows. Each answer must be {"sequence": n}; a full queue is a
// 503 "overloaded" and counts as an error.
// Thresholds: write p99 < 5 ms (op "sequence"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (requests per second), DURATION; see lib.js.
//   CHAIN  the chain whose counter is used (default bench; [a-z0-9][a-z0-9_-]{0,63})
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/sequence.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, WRITE_P99, envString, openModel, params } from './lib.js';

const CHAIN = envString('CHAIN', 'bench');

export const options = openModel({ sequence: WRITE_P99 });

const SEQUENCE = params('sequence', 'POST /v1/chains/{chain}/sequence', { body: true });

export default function () {
  const response = http.post(`${BASE_URL}/v1/chains/${CHAIN}/sequence`, null, SEQUENCE);
  check(response, {
    'ok (200)': (r) => r.status === 200,
    'a sequence number': (r) => r.status === 200 && Number.isInteger(r.json('sequence')),
  });
}
