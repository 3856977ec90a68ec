// append.js: a chain appender. Each iteration reads the chain's head (GET /v1/chains/{chain}/head) and appends the
// next entry (POST /v1/chains/{chain}/append with sequence = head + 1 and previousHash = the head's hash). At any
// rate above one append per round trip, iterations race for the same sequence: the winner gets 200, the others 409
// with the new head. A 409 is that lost race, an expected outcome and not a failure (http_req_failed counts neither);
// the custom metrics appends_won (rate) and append_lost_races (count) show how the races went.
// setup() re-establishes the chain with PUT head: the cached head as it is, or, when none is cached, sequence 0 on a
// new chain, or else a number from the chain's own counter, which is always above the chain's floor (the server
// records the numbers skipped as a gap of the chain).
// Thresholds: head read p99 < 2 ms (op "get_head"), append p99 < 5 ms (op "append"), errors < 0.1 %.
// Parameters: BASE_URL, RATE (iterations per second, each a read and an append), DURATION; see lib.js.
//   CHAIN  the chain to append to (default bench-append; keep it apart from the chain sequence.js counts on)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/append.js
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate } from 'k6/metrics';
import { BASE_URL, READ_P99, WRITE_P99, envString, hashOf, openModel, params } from './lib.js';

const CHAIN = envString('CHAIN', 'bench-append');
const CHAIN_URL = `${BASE_URL}/v1/chains/${CHAIN}`;

export const options = openModel({ get_head: READ_P99, append: WRITE_P99 });

// 409 on an append is a lost race, not a failure.
http.setResponseCallback(http.expectedStatuses(200, 409));

const appendsWon = new Rate('appends_won');
const lostRaces = new Counter('append_lost_races');

const GET_HEAD = params('get_head', 'GET /v1/chains/{chain}/head', { body: true });
const APPEND = params('append', 'POST /v1/chains/{chain}/append', { body: true });

function putHead(head) {
  return http.put(`${CHAIN_URL}/head`, JSON.stringify({ hash: head.hash, sequence: head.sequence }),
    params('setup', 'PUT /v1/chains/{chain}/head', { body: true }));
}

export function setup() {
  const current = http.get(`${CHAIN_URL}/head`, params('setup', 'GET /v1/chains/{chain}/head', { body: true }));
  if (current.status !== 200 && current.status !== 404) {
    throw new Error(`setup: GET head answered ${current.status}: ${current.body}`);
  }
  let response = putHead(current.status === 200 ? current.json() : { sequence: 0, hash: hashOf(0) });
  if (response.status === 409 && response.json().head == null) {
    // No head is cached, and sequence 0 is below the floor that earlier runs left.
    const allocated = http.post(`${CHAIN_URL}/sequence`, null,
      params('setup', 'POST /v1/chains/{chain}/sequence', { body: true }));
    if (allocated.status !== 200) {
      throw new Error(`setup: POST sequence answered ${allocated.status}: ${allocated.body}`);
    }
    const sequence = allocated.json('sequence');
    response = putHead({ sequence: sequence, hash: hashOf(sequence) });
  }
  // A 409 with a head: another appender established the chain meanwhile.
  if (response.status !== 200 && !(response.status === 409 && response.json().head != null)) {
    throw new Error(`setup: PUT head answered ${response.status}: ${response.body}`);
  }
}

export default function () {
  const current = http.get(`${CHAIN_URL}/head`, GET_HEAD);
  if (!check(current, { 'head found (200)': (r) => r.status === 200 })) {
    return;
  }
  const head = current.json();
  const next = head.sequence + 1;
  const response = http.post(`${CHAIN_URL}/append`,
    JSON.stringify({ sequence: next, previousHash: head.hash, hash: hashOf(next) }), APPEND);
  check(response, { 'appended or lost the race (200/409)': (r) => r.status === 200 || r.status === 409 });
  appendsWon.add(response.status === 200);
  if (response.status === 409) {
    lostRaces.add(1);
  }
}
