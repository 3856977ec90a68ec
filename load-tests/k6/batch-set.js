// batch-set.js: POST /v1/events/batch with BATCH_SIZE fresh ~2 KB events per request (default 100, the server's
// cache.maxBatchSize), each a create: one pipelined Redis round trip per request. RATE counts requests, so the
// server writes RATE x BATCH_SIZE events per second.
// Thresholds: batch p99 < 10 ms (op "set_batch"), errors < 0.1 % (http_req_failed).
// Parameters: BASE_URL, RATE (batches per second), DURATION; see lib.js.
//   BATCH_SIZE  events per request (default 100; above the server's cache.maxBatchSize it answers 413)
// Example:
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=2000 -e DURATION=60s load-tests/k6/batch-set.js
import exec from 'k6/execution';
import { BATCH_P99, MAX_BATCH, envInt, openModel, params, postBatch } from './lib.js';

const BATCH_SIZE = envInt('BATCH_SIZE', MAX_BATCH);

export const options = openModel({ set_batch: BATCH_P99 });

const BATCH = params('set_batch', 'POST /v1/events/batch', { body: true });

export default function () {
  postBatch(exec.scenario.iterationInTest * BATCH_SIZE, BATCH_SIZE, BATCH);
}
