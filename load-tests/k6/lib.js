// Shared by the scenarios: parameters, the seed's thresholds, realistic ~2 KB audit events and the key spaces the
// read scenarios write in setup().
//
// Parameters (k6 -e NAME=value), read here so that every script spells them the same way:
//   BASE_URL  the server (default http://127.0.0.1:8080)
//   RATE      requests per second, an open model: k6 starts that many iterations each second whether or not the
//             earlier ones have finished, so a slow server shows as latency, not as fewer requests (default 1000)
//   DURATION  how long the measured scenario runs, e.g. 30s, 5m (default 30s)
// Scenario-specific parameters (KEYS, CHAIN, BATCH_SIZE) are read with envInt()/envString() in the scripts.
//
// Every measured request carries two tags: `op` (get_lru, get_redis, set, set_batch, lookup, sequence, get_head,
// append) and `name` (the route template, so that k6 keeps one time series per route, not one per event id). The
// latency thresholds select their requests by `op`, so the requests setup() makes are never measured.
import http from 'k6/http';
import { check } from 'k6';
import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';

/** A positive integer parameter, or its default; anything else stops the test before it starts. */
export function envInt(name, fallback) {
  const text = __ENV[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, not "${text}"`);
  }
  return value;
}

/** A string parameter, or its default. */
export function envString(name, fallback) {
  const text = __ENV[name];
  return text === undefined || text === '' ? fallback : text;
}

export const BASE_URL = envString('BASE_URL', 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const RATE = envInt('RATE', 1000);
export const DURATION = envString('DURATION', '30s');
export const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' } };

/** The server's default cache.maxBatchSize: the most events in a batch and ids in a lookup. */
export const MAX_BATCH = 100;

/** The seed's latency targets (milliseconds, 99th percentile) and error budget. */
export const WRITE_P99 = 'p(99)<5';
export const READ_P99 = 'p(99)<2';
export const BATCH_P99 = 'p(99)<10';
export const ERROR_BUDGET = 'rate<0.001';

/**
 * Request parameters: JSON content type, the `op` and `name` tags, and the response body only when the script
 * looks at it (`{ body: true }`); every other body is discarded unread, which keeps k6 itself fast at high rates.
 */
export function params(op, name, { body = false } = {}) {
  const result = { headers: JSON_HEADERS.headers, tags: { op: op, name: name } };
  if (body) {
    result.responseType = 'text';
  }
  return result;
}

/** A constant-arrival-rate scenario of `rate` iterations per second, running `exec` (default: the default function). */
export function arrival(rate, exec) {
  const scenario = {
    executor: 'constant-arrival-rate',
    rate: rate,
    timeUnit: '1s',
    duration: DURATION,
    // Enough VUs for ~10 ms per iteration up front, and room for 100 ms before k6 drops iterations.
    preAllocatedVUs: Math.max(10, Math.ceil(rate / 100)),
    maxVUs: Math.max(100, Math.ceil(rate / 10)),
  };
  if (exec) {
    scenario.exec = exec;
  }
  return scenario;
}

/** Thresholds: the error budget on every request, and one latency target per `op` tag ({ set: WRITE_P99, ... }). */
export function thresholds(latencyByOp) {
  const result = { http_req_failed: [ERROR_BUDGET] };
  for (const op of Object.keys(latencyByOp)) {
    result[`http_req_duration{op:${op}}`] = [latencyByOp[op]];
  }
  return result;
}

/** Options shared by every script: the summary shows the percentiles the thresholds are about. */
export function baseOptions(scenarios, latencyByOp, extra) {
  return Object.assign({
    scenarios: scenarios,
    thresholds: thresholds(latencyByOp),
    discardResponseBodies: true,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max'],
  }, extra || {});
}

/** Open model: one scenario at RATE iterations per second for DURATION. */
export function openModel(latencyByOp, extra) {
  return baseOptions({ load: arrival(RATE) }, latencyByOp, extra);
}

const PADDING = 'x'.repeat(1560);

function hex(value, digits) {
  return value.toString(16).padStart(digits, '0');
}

/** The hash the scripts give sequence `n`: 64 hex digits, like a SHA-256 (fits Redis' compact hash encoding). */
export function hashOf(n) {
  return hex(n, 64);
}

/** An audit event of about 2 KB in canonical form: a fresh id and the current time unless given. */
export function auditEvent(sequenceNum, id, timestamp) {
  return {
    id: id || uuidv4(),
    sequenceNum: sequenceNum,
    eventHash: 'sha256:' + hashOf(sequenceNum),
    previousHash: sequenceNum > 0 ? 'sha256:' + hashOf(sequenceNum - 1) : null,
    chain: 'default',
    timestamp: timestamp || new Date().toISOString(),
    actor: 'user-' + (sequenceNum % 1000) + '@example.com',
    action: 'document.update',
    resource: 'documents/' + sequenceNum,
    source: { ip: '10.0.' + ((sequenceNum >> 8) & 255) + '.' + (sequenceNum & 255), userAgent: 'audit-client/2.3' },
    payload: { before: 'v1', after: 'v2', note: PADDING },
  };
}

/**
 * Key spaces: the events the read scenarios write in setup(). Their ids and contents are fixed (the same for a
 * given space and index in every run), so a second run finds them `unchanged` instead of adding another copy to
 * Redis, and two scripts that share a space share its events. HOT is small enough to stay in the server's LRU
 * (cache.lruSize, default 10,000); WIDE is for key spaces larger than the LRU.
 */
export const HOT = 1;
export const WIDE = 2;

/** The id of event `i` of key space `space`: a UUID (version 4 layout) that spells both. */
export function keyId(space, i) {
  return `ac${hex(space, 6)}-0000-4000-8000-${hex(i, 12)}`;
}

/** Event `i` of key space `space`, always with the same content. */
export function keyEvent(space, i) {
  return auditEvent(i, keyId(space, i), new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString());
}

/** A random id from the first `keys` ids of `space`. */
export function randomKey(space, keys) {
  return keyId(space, Math.floor(Math.random() * keys));
}

/**
 * Writes events 0 .. keys-1 of `space` with POST /v1/events/batch, MAX_BATCH to a request and `parallel` requests
 * at a time. Stops the test (throws) unless every event is created or unchanged. The events go to Redis only: the
 * server's LRU fills on reads (unless it runs with cache.lruOnWrite).
 */
export function writeKeySpace(space, keys, parallel = 8) {
  postKeySpace(space, keys, parallel, '/v1/events/batch', (reply) => {
    const refused = reply.results.filter((r) => r.status !== 'created' && r.status !== 'unchanged');
    return refused.length === 0 ? null : `${refused.length} events (first: ${refused[0].id})`;
  });
}

/**
 * Loads events 0 .. keys-1 of `space` into Redis AND the server's LRU with POST /v1/warmup, MAX_BATCH to a request.
 * Stops the test (throws) on any conflict. With several server instances behind a load balancer, only the instance
 * that served a warm-up request holds its events; the others fill their LRUs on first read.
 */
export function warmKeySpace(space, keys, parallel = 8) {
  postKeySpace(space, keys, parallel, '/v1/warmup', (reply) =>
    reply.conflicts === 0 ? null : `${reply.conflicts} events`);
}

/** Posts the key space as {"events":[...]} bodies; `refusedOf(reply)` names what the server refused, or null. */
function postKeySpace(space, keys, parallel, path, refusedOf) {
  const url = `${BASE_URL}${path}`;
  const setupParams = params('setup', `POST ${path}`, { body: true });
  for (let first = 0; first < keys; first += MAX_BATCH * parallel) {
    const requests = [];
    for (let start = first; start < Math.min(keys, first + MAX_BATCH * parallel); start += MAX_BATCH) {
      const events = [];
      for (let i = start; i < Math.min(keys, start + MAX_BATCH); i++) {
        events.push(keyEvent(space, i));
      }
      requests.push(['POST', url, JSON.stringify({ events: events }), setupParams]);
    }
    for (const response of http.batch(requests)) {
      if (response.status !== 200) {
        throw new Error(`setup: POST ${path} answered ${response.status}: ${response.body}`);
      }
      const refused = refusedOf(response.json());
      if (refused !== null) {
        throw new Error(`setup: ${refused} of key space ${space} conflict with what the server holds; `
          + 'they were written by another version of lib.js');
      }
    }
  }
}

/**
 * POST /v1/events/batch with `size` fresh events starting at sequence `first`, checked: 200 and every event created.
 * Shared by batch-set.js and the batch part of mix.js.
 */
export function postBatch(first, size, requestParams) {
  const events = [];
  for (let i = 0; i < size; i++) {
    events.push(auditEvent(first + i));
  }
  const response = http.post(`${BASE_URL}/v1/events/batch`, JSON.stringify({ events: events }), requestParams);
  check(response, {
    'ok (200)': (r) => r.status === 200,
    'every event created': (r) => r.status === 200
      && r.json().results.filter((result) => result.status === 'created').length === size,
  });
  return response;
}

