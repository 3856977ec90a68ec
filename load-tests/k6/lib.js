// Shared by the scenarios: parameters, the seed's thresholds and realistic ~2 KB audit events.
// Parameters (k6 -e NAME=value): BASE_URL (default http://127.0.0.1:8080), RATE (requests/s), DURATION (e.g. 30s).
import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';

export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
export const RATE = parseInt(__ENV.RATE || '1000', 10);
export const DURATION = __ENV.DURATION || '30s';
export const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' } };

/** Open model: a fixed arrival rate, so a slow server shows as latency, not as fewer requests. */
export function openModel(thresholds) {
  return {
    scenarios: {
      load: {
        executor: 'constant-arrival-rate',
        rate: RATE,
        timeUnit: '1s',
        duration: DURATION,
        preAllocatedVUs: Math.max(10, Math.ceil(RATE / 100)),
        maxVUs: Math.max(100, Math.ceil(RATE / 10)),
      },
    },
    thresholds: Object.assign({ http_req_failed: ['rate<0.001'] }, thresholds),
  };
}

/** The seed's latency targets. */
export const WRITE_P99 = { http_req_duration: ['p(99)<5'] };
export const READ_P99 = { http_req_duration: ['p(99)<2'] };

const PADDING = 'x'.repeat(1700);

/** An audit event of about 2 KB. */
export function auditEvent(sequenceNum) {
  return {
    id: uuidv4(),
    sequenceNum: sequenceNum,
    eventHash: 'sha256:' + sequenceNum.toString(16).padStart(64, '0'),
    previousHash: 'sha256:' + (sequenceNum - 1).toString(16).padStart(64, '0'),
    chain: 'default',
    timestamp: new Date().toISOString(),
    actor: 'user-' + (sequenceNum % 1000) + '@example.com',
    action: 'document.update',
    resource: 'documents/' + sequenceNum,
    payload: { before: 'v1', after: 'v2', note: PADDING },
  };
}
