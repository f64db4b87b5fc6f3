/**
 * What an Auth0 log-stream delivery says about users' methods: which users' lists changed
 * elsewhere (Universal Login, the dashboard, another Management API client). Pure functions of
 * the delivery's text, so every format and event shape gets a unit test.
 */

export interface StreamEvent {
  logId: string | null;
  /** The user whose methods changed, or null when the event changes none. */
  changedUser: string | null;
}

/** Events whose `user_id` is the user whose methods changed. */
const DEVICE_EVENTS = new Set(['gd_enrollment_complete', 'gd_unenroll', 'gd_update_device_account']);

/** A Management API path about a user's methods (or the user), with its id percent-encoded. */
const USER_PATH = /^\/api\/v2\/users\/([^/?#]+)(\/(authentication-methods|multifactor|enrollments)(?:[/?#]|$)|\/?(?:[?#]|$))/;

/**
 * The events of one delivery: a JSON array, JSON lines, or one object. Null when the text is none
 * of these (the whole delivery is refused as malformed).
 */
export function parseDelivery(text: string): StreamEvent[] | null {
  const whole = parseJson(text.trim());
  let items: unknown[];
  if (Array.isArray(whole)) items = whole;
  else if (whole !== undefined) items = [whole];
  else {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    items = lines.map((line) => parseJson(line.trim()));
    if (items.length === 0 || items.some((item) => item === undefined)) return null;
  }
  return items.map(toEvent);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Flat (`{ log_id, type, ... }`) or in Auth0's envelope (`{ log_id, data: { type, ... } }`). */
function toEvent(item: unknown): StreamEvent {
  if (!isObject(item)) return { logId: null, changedUser: null };
  const data = isObject(item.data) ? item.data : item;
  const logId = text(item.log_id) ?? text(data.log_id) ?? text(data._id);
  return { logId, changedUser: changedUser(data) };
}

function changedUser(data: Record<string, unknown>): string | null {
  const type = text(data.type);
  if (type !== null && DEVICE_EVENTS.has(type)) return text(data.user_id);
  if (type !== 'sapi') return null;
  const request = isObject(data.details) && isObject(data.details.request) ? data.details.request : null;
  const path = request ? text(request.path) : null;
  const match = path ? USER_PATH.exec(path) : null;
  if (!match) return null;
  const method = text(request?.method)?.toUpperCase() ?? null;
  // The user itself: only its deletion takes its methods with it.
  if (match[3] === undefined && method !== 'DELETE') return null;
  if (method === 'GET') return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
