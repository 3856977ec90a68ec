// POST /v1/events with fresh ~2 KB events (each a create). Threshold: p99 < 5 ms, errors < 0.1 %.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { BASE_URL, JSON_HEADERS, WRITE_P99, auditEvent, openModel } from './lib.js';

export const options = openModel(WRITE_P99);

export default function () {
  const response = http.post(`${BASE_URL}/v1/events`, JSON.stringify(auditEvent(exec.scenario.iterationInTest)), JSON_HEADERS);
  check(response, { 'created': (r) => r.status === 201 });
}
