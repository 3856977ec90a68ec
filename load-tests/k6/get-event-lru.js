// GET /v1/events/{id} for a small set of events written in setup(): they stay in the LRU. p99 < 2 ms.
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, JSON_HEADERS, READ_P99, auditEvent, openModel } from './lib.js';

export const options = openModel(READ_P99);

export function setup() {
  const ids = [];
  for (let i = 0; i < 1000; i++) {
    const event = auditEvent(i);
    http.post(`${BASE_URL}/v1/events`, JSON.stringify(event), JSON_HEADERS);
    ids.push(event.id);
  }
  return { ids };
}

export default function (data) {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)];
  check(http.get(`${BASE_URL}/v1/events/${id}`), { 'found': (r) => r.status === 200 });
}
