import { newMethodId, phoneSubMethods, type Store, type StoredMethod } from './store.js';
import { PayloadError, canonicalType, present, validateCreate, validateReplace, validateUpdate, type Payload } from './payloads.js';
import { apiError } from './http-error.js';
import { isApiMethod, type TenantTokens } from './tenant-tokens.js';

/** Types that are not a second factor, for the email-only-when-no-other-factor rule. */
const NOT_A_FACTOR = new Set(['password', 'email-verification']);
const PER_TYPE_LIMIT = 10;

const methodNotFound = () => apiError(404, 'The authentication method could not be found.');
const userNotFound = () => apiError(404, 'The user does not exist.', 'inexistent_user');

/**
 * The seven authentication-method endpoints over the store, with the API's rules: closed body
 * schemas, masking in reads, the per-type limit, duplicates, the email-only-when-no-other-factor
 * rule and the passkey refusals (docs/upstream.md), each call's token checked first.
 */
export class MethodsEndpoints {
  constructor(
    private readonly store: Store,
    private readonly tokens: TenantTokens,
  ) {}

  async answer(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    body: unknown,
    authorization: string | undefined,
  ): Promise<{ status: number; body?: unknown }> {
    const segments = rawPath.split('/');
    // ['', 'api', 'v2', 'users', userId, 'authentication-methods', methodId?]
    if (segments[3] !== 'users' || segments[5] !== 'authentication-methods' || segments.length > 7) {
      throw apiError(404, 'Not Found');
    }
    if (!isApiMethod(method)) throw apiError(404, 'Not Found');
    await this.tokens.authorize(authorization, method);
    const userId = decodeSegment(segments[4]!, 'id');
    const methodId = segments.length === 7 ? decodeSegment(segments[6]!, 'authentication_method_id') : undefined;
    if (body instanceof SyntaxError) throw apiError(400, 'Invalid request payload JSON format', 'invalid_body');
    const methods = this.store.methods(userId);
    if (!methods) throw userNotFound();

    if (methodId === undefined) {
      switch (method) {
        case 'GET':
          return { status: 200, body: list(methods, query) };
        case 'POST':
          return { status: 201, body: present(this.create(userId, methods, body), { confirmed: false, masked: true }) };
        case 'PUT':
          return { status: 200, body: this.replace(userId, methods, body).map((m) => present(m, { confirmed: false, masked: false })) };
        case 'DELETE':
          refuseWithPasskey(methods);
          this.store.setUser(userId, []);
          return { status: 204 };
        default:
          throw apiError(404, 'Not Found');
      }
    }
    const target = methods.find((m) => m.id === methodId);
    if (!target) throw methodNotFound();
    switch (method) {
      case 'GET':
        return { status: 200, body: present(target, { confirmed: true, masked: true }) };
      case 'PATCH':
        return { status: 200, body: present(update(target, body), { confirmed: false, masked: true }) };
      case 'DELETE':
        this.store.setUser(
          userId,
          methods.filter((m) => m !== target && (target.link_id === undefined || m.link_id !== target.link_id)),
        );
        return { status: 204 };
      default:
        throw apiError(404, 'Not Found');
    }
  }

  private create(userId: string, methods: StoredMethod[], body: unknown): StoredMethod {
    const payload = withPayload(() => validateCreate(body));
    const method = build(payload);
    if (method.type === 'email' && methods.some((m) => !NOT_A_FACTOR.has(m.type))) {
      throw apiError(409, 'The email factor can only be enrolled when the user has no other factor.');
    }
    if (methods.some((m) => isDuplicate(m, method))) throw apiError(409, 'Authentication method already exists.');
    if (methods.filter((m) => m.type === method.type).length >= PER_TYPE_LIMIT) {
      throw apiError(403, 'You reached the limit of entities of this type for this user.');
    }
    this.store.setUser(userId, [...methods, method]);
    return method;
  }

  private replace(userId: string, methods: StoredMethod[], body: unknown): StoredMethod[] {
    const items = withPayload(() => validateReplace(body)).map(build);
    refuseWithPasskey(methods);
    for (let i = 0; i < items.length; i += 1) {
      if (items.slice(0, i).some((earlier) => isDuplicate(earlier, items[i]!))) {
        throw apiError(409, 'Authentication method already exists.');
      }
    }
    this.store.setUser(userId, items);
    return items;
  }
}

function withPayload<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof PayloadError) throw apiError(400, error.message, 'invalid_body');
    throw error;
  }
}

function decodeSegment(segment: string, property: string): string {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    throw apiError(400, `Path validation error: 'Invalid encoding' on property ${property}.`, 'invalid_uri');
  }
  if (value.length === 0) {
    throw apiError(400, `Path validation error: 'String is too short (0 chars), minimum 1' on property ${property}.`, 'invalid_uri');
  }
  return value;
}

function list(methods: StoredMethod[], query: URLSearchParams): unknown {
  const number = (name: string, fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value > max) {
      throw apiError(400, `Query validation error: 'Invalid value' on property ${name}.`, 'invalid_query_string');
    }
    return value;
  };
  const page = number('page', 0, Number.MAX_SAFE_INTEGER);
  const perPage = number('per_page', 50, 100);
  const includeTotals = query.get('include_totals') === 'true';
  // The real API does not answer in insertion order; sorting by id makes that visible.
  const sorted = [...methods].sort((a, b) => String(a.id ?? '').localeCompare(String(b.id ?? '')));
  const items = sorted.slice(page * perPage, (page + 1) * perPage).map((m) => present(m, { confirmed: true, masked: true }));
  if (!includeTotals) return items;
  return { authenticators: items, start: page * perPage, limit: perPage, ...(sorted.length > 0 ? { total: sorted.length } : {}) };
}

function build(payload: Payload): StoredMethod {
  const type = canonicalType(String(payload.type));
  const id = newMethodId(type);
  const { type: _type, ...fields } = payload;
  const method: StoredMethod = { id, type, confirmed: true, created_at: new Date().toISOString() };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) method[key] = value;
  if (type === 'phone') {
    const preferred = (payload.preferred_authentication_method as 'sms' | 'voice' | undefined) ?? 'sms';
    method.preferred_authentication_method = preferred;
    method.authentication_methods = phoneSubMethods(id, preferred);
  }
  return method;
}

function update(target: StoredMethod, body: unknown): StoredMethod {
  const payload = withPayload(() => validateUpdate(body));
  const preferred = payload.preferred_authentication_method as 'sms' | 'voice' | undefined;
  if (preferred !== undefined && target.type !== 'phone') {
    throw apiError(400, "Payload validation error: 'preferred_authentication_method is only valid for phone methods'.", 'invalid_body');
  }
  if (typeof payload.name === 'string') target.name = payload.name;
  if (preferred) {
    target.preferred_authentication_method = preferred;
    target.authentication_methods = phoneSubMethods(target.id, preferred);
  }
  return target;
}

function isDuplicate(existing: StoredMethod, candidate: StoredMethod): boolean {
  if (existing.type !== candidate.type) return false;
  switch (candidate.type) {
    case 'phone':
      return existing.phone_number === candidate.phone_number;
    case 'email':
      return existing.email?.toLowerCase() === candidate.email?.toLowerCase();
    case 'totp':
      return true;
    default:
      return candidate.key_id !== undefined && existing.key_id === candidate.key_id;
  }
}

function refuseWithPasskey(methods: StoredMethod[]): void {
  if (methods.some((m) => m.type === 'passkey')) {
    throw apiError(403, 'Operation not permitted when the user has registered at least 1 passkey');
  }
}
