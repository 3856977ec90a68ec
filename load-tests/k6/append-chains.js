// append-chains.js: appends to cached chains, the steady state of an audit log, without races. Each VU owns its own
// chain and appends one entry per iteration: a VU runs one iteration at a time, so each append is sent after the one
// before it was answered, as a chain's writer would (append.js has many iterations race for one chain instead). A VU's
// first append creates its chain (no previousHash); every later one names the hash the server answered as the head.
// The benchmark's `append-next` scenario is the same, over 10,000 chains.
// A 409 is a failure here (nothing else appends to these chains): it counts in http_req_failed. When it carries the
// chain's head, the VU goes on from that head; when the chain has none (its head expired: the VU was idle longer than
// the server's chain.headTtlMs), the VU starts a new chain.
// Thresholds: append p99 < 5 ms (op "append"), errors < 0.1 %.
// Parameters: BASE_URL, RATE (appends per second), DURATION; see lib.js.
//   CHAIN  the chains' name prefix (default bench-chains); each run and VU adds its own suffix
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/append-chains.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { BASE_URL, WRITE_P99, envString, hashOf, openModel, params } from './lib.js';

const CHAIN = envString('CHAIN', 'bench-chains');

export const options = openModel({ append: WRITE_P99 });

const APPEND = params('append', 'POST /v1/chains/{chain}/append', { body: true });

// This VU's chain: its name and head ({sequence, hash}), null until the VU's first iteration.
let chain = null;
let head = null;
let chainsStarted = 0;

/** A name for this run, so that a second run never appends to the chains of the first. */
export function setup() {
  return { run: Date.now().toString(36) };
}

function startChain(run) {
  chainsStarted += 1;
  chain = `${CHAIN}-${run}-${exec.vu.idInTest}-${chainsStarted}`;
  head = null;
}

export default function (data) {
  if (chain === null) {
    startChain(data.run);
  }
  const sequence = head === null ? 1 : head.sequence + 1;
  const entry = { sequence: sequence, hash: 'sha256:' + hashOf(sequence) };
  if (head !== null) {
    entry.previousHash = head.hash;
  }
  const response = http.post(`${BASE_URL}/v1/chains/${chain}/append`, JSON.stringify(entry), APPEND);
  check(response, { 'appended (200)': (r) => r.status === 200 });
  if (response.status === 200) {
    head = response.json();
  } else if (response.status === 409) {
    const current = response.json().head;
    if (current) {
      head = current;
    } else {
      startChain(data.run);
    }
  }
}
