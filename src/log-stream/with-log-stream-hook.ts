import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { SharedStore } from '../shared/store.js';
import { keys } from '../shared/keys.js';
import type { Logger } from '../log.js';
import { parseDelivery } from './events.js';

export const LOG_STREAM_PATH = '/hooks/auth0-log-stream';

/** Bytes of one delivery: Auth0 batches events, each a few kB at most. */
const MAX_DELIVERY_BYTES = 1_000_000;
/** A delivery not applied by then is answered as accepted, and applied after the answer. */
const ANSWER_WITHIN_MS = 700;
/** Deliveries being applied at once (answered or not); more are refused with 503 until one is done. */
const MAX_APPLYING = 8;
/** Auth0 tries a delivery up to 3 times; a day covers every retry. */
const DELIVERY_MEMORY_MS = 24 * 60 * 60 * 1000;

export interface LogStreamOptions {
  token: string;
  store: SharedStore;
  invalidate(userIds: string[]): Promise<void>;
  count(result: 'invalidated' | 'ignored' | 'duplicate', n: number): void;
  log: Logger;
}

/**
 * POST /hooks/auth0-log-stream, in front of Yoga: Auth0's custom-webhook log stream tells which
 * users' methods changed outside the gateway, and their cached lists are dropped. The bearer token
 * is compared in constant time (as digests, so its length leaks nothing either) before the body
 * is read; the body is bounded; an event seen before (same `log_id`, deliveries are at least
 * once) is counted as a duplicate and does nothing. The answer never waits on more than a few
 * store commands, each bounded, so Auth0 hears back well within its timeout.
 */
export function withLogStreamHook(handler: RequestListener, options: LogStreamOptions | null): RequestListener {
  if (!options) return handler;
  const expected = digest(`Bearer ${options.token}`);
  let applying = 0;
  return (request, response) => {
    if (!request.url?.startsWith(LOG_STREAM_PATH) || !/^\/hooks\/auth0-log-stream\/?(\?|$)/.test(request.url)) {
      handler(request, response);
      return;
    }
    if (request.method !== 'POST') return answer(response, 405, { error: 'POST only' }, { allow: 'POST' });
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return answer(response, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    readBounded(request, MAX_DELIVERY_BYTES).then(
      async (body) => {
        if (body === null) return answer(response, 413, { error: 'delivery too large' });
        const events = parseDelivery(body);
        if (!events) return answer(response, 400, { error: 'not JSON, JSON lines or a JSON array' });
        // Accepted, then applied: Auth0 hears back within a second even while Redis hangs. Past a
        // few deliveries still being applied, it is told to try again later, so nothing is lost
        // and the work waiting stays bounded.
        if (applying >= MAX_APPLYING) return answer(response, 503, { error: 'busy; try again' }, { 'retry-after': '5' });
        applying += 1;
        const work = receive(events, options)
          .catch((error: unknown) => {
            options.log.error({ err: error }, 'log stream: a delivery could not be applied');
            return null;
          })
          .finally(() => (applying -= 1));
        const done = await Promise.race([work, delay(ANSWER_WITHIN_MS).then(() => undefined)]);
        if (done) answer(response, 200, done);
        else answer(response, 202, { received: events.length, accepted: true });
      },
      () => answer(response, 400, { error: 'delivery not read' }),
    );
  };
}

/**
 * Store work per delivery stays bounded: only events that change a user's methods are looked at
 * further (most of a tenant's log is logins), a hundred at a time.
 */
const BATCH = 100;

async function receive(events: ReturnType<typeof parseDelivery> & object, options: LogStreamOptions) {
  const relevant = events.filter((event) => event.changedUser !== null);
  const users = new Set<string>();
  let duplicates = 0;
  for (let i = 0; i < relevant.length; i += BATCH) {
    const batch = relevant.slice(i, i + BATCH);
    const firsts = await Promise.all(
      batch.map((event) =>
        event.logId ? options.store.setIfAbsent(deliveryKey(event.logId), '1', DELIVERY_MEMORY_MS) : Promise.resolve(true),
      ),
    );
    const changed = batch.flatMap((event, j) => (firsts[j] ? [event.changedUser!] : []));
    duplicates += batch.length - changed.length;
    const fresh = changed.filter((userId) => !users.has(userId));
    for (const userId of fresh) users.add(userId);
    await options.invalidate(fresh);
  }
  options.count('invalidated', relevant.length - duplicates);
  options.count('ignored', events.length - relevant.length);
  options.count('duplicate', duplicates);
  if (users.size > 0) options.log.info({ events: events.length, usersInvalidated: users.size }, 'log stream: methods changed elsewhere');
  return { received: events.length, usersInvalidated: users.size, duplicates };
}

const deliveryKey = keys.delivery;

const digest = (value: string) => createHash('sha256').update(value).digest();

function readBounded(request: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    request.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.once('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
