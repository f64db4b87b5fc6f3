import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { EnrollTotpDocument } from '../generated/operations.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'info' } });
});
afterAll(() => stack.close());

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : undefined;
};

describe('/metrics', () => {
  it('counts operations, upstream calls, grants, retries, waits and loader batches in Prometheus text', async () => {
    await stack.graphql('query Alice { authenticationMethods(userId: "auth0|alice") { id } }');
    await stack.graphql(
      'query Entities($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }',
      {
        r: [
          { __typename: 'User', id: 'auth0|bob' },
          { __typename: 'User', id: 'auth0|carol' },
        ],
      },
    );
    await stack.graphql('query Nobody { authenticationMethods(userId: "auth0|nobody") { id } }');
    await stack.graphql('{ authenticationMethods(userId: "auth0|alice") { id } }', undefined, { token: null });
    await stack.admin('PUT', 'faults', { script: [{ kind: 'status-5xx' }] });
    await stack.graphql('query Retried { authenticationMethods(userId: "auth0|dave") { id } }');

    const response = await fetch(`${stack.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(metricValue(text, 'mfa_gateway_graphql_operations_total{operation="Alice",outcome="ok"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_graphql_operations_total{operation="Nobody",outcome="error"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_graphql_operations_total{operation="unauthenticated",outcome="unauthenticated"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_graphql_operation_duration_seconds_count{operation="Alice",outcome="ok"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_upstream_requests_total{route="GET /users/{id}/authentication-methods",status="200"}')).toBe(4);
    expect(metricValue(text, 'mfa_gateway_upstream_requests_total{route="GET /users/{id}/authentication-methods",status="404"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_upstream_requests_total{route="GET /users/{id}/authentication-methods",status="503"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_upstream_retries_total')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_token_grants_total{outcome="ok"}')).toBe(1);
    expect(metricValue(text, 'mfa_gateway_loader_batch_size_bucket{le="2"}')).toBe(4);
    expect(metricValue(text, 'mfa_gateway_upstream_in_flight')).toBe(0);
    expect(text).toContain('mfa_gateway_rate_limit_waits_total 0');
    expect(text).toContain('mfa_gateway_process_resident_memory_bytes');
  });

  it('keeps client-chosen operation names from blowing up the label set', async () => {
    await stack.graphql('query ThisIsFine { __typename }');
    await stack.graphql(`query ${'A'.repeat(80)} { __typename }`);
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toContain('operation="ThisIsFine"');
    expect(text).not.toContain('A'.repeat(80));
    expect(metricValue(text, 'mfa_gateway_graphql_operations_total{operation="other",outcome="ok"}')).toBe(1);
  });
});

describe('request logs', () => {
  it('write one JSON line per request with id, operation, duration, upstream calls and outcome, and return the id', async () => {
    const before = stack.logs.length;
    const response = await stack.graphql('query Carol { authenticationMethods(userId: "auth0|carol") { id } }', undefined, {
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = stack.logs
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.msg === 'graphql request');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        requestId,
        correlationId: 'trace-abc-123',
        operation: 'Carol',
        upstreamCalls: 1,
        outcome: 'ok',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    const generated = await stack.graphql('{ __typename }');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await stack.graphql('{ __typename }', undefined, { headers: { 'x-request-id': 'x'.repeat(200) } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never carry a secret, a token, a phone number or an email', async () => {
    const token = await stack.token();
    const { body } = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|erin', name: 'App' } }, { token });
    const secret = (body.data!.enrollTotp as { secret: string }).secret;
    await stack.graphql('mutation { enrollSms(input: { userId: "auth0|erin", phoneNumber: "+14155550987" }) { __typename } }', undefined, {
      token,
    });
    const logged = stack.logs.join('');
    for (const leak of [secret, token, '+14155550987', stack.emulator.options.clientSecret]) expect(logged).not.toContain(leak);
  });
});
