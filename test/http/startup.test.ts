import { afterEach, describe, expect, it } from 'vitest';
import { exitOf, signal, spawnGateway, waitForOutput } from '../helpers/process.js';

let child: ReturnType<typeof spawnGateway> | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    signal(child, 'SIGTERM');
    await exitOf(child);
  }
  child = undefined;
});

/** A tenant configuration (nothing listens at its base URL). */
const tenant = {
  AUTH0_DOMAIN: 'acme.auth0.com',
  AUTH0_BASE_URL: 'http://127.0.0.1:9',
  AUTH0_CLIENT_ID: 'client',
  AUTH0_CLIENT_SECRET: 'do-not-print-me',
  GATEWAY_AUDIENCE: 'https://mfa/api',
};

describe('npm start', () => {
  it('stops on a malformed variable with one line naming it, and never prints the secret', async () => {
    child = spawnGateway({ ...tenant, UPSTREAM_CONCURRENCY: 'many' });
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toBe('Configuration error: UPSTREAM_CONCURRENCY must be an integer between 1 and 1024 (got "many")\n');
  });

  it('stops when a domain is set without its credentials', async () => {
    child = spawnGateway({ AUTH0_DOMAIN: 'acme.auth0.com' });
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toBe('Configuration error: AUTH0_CLIENT_ID is required when AUTH0_DOMAIN is set\n');
  });

  it('never falls into dev mode with AUTH0_DOMAIN set but empty, or in production without a domain', async () => {
    child = spawnGateway({ ...tenant, AUTH0_DOMAIN: '', NODE_ENV: 'production', PORT: '0' });
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toBe('Configuration error: AUTH0_DOMAIN is set but empty: give it a value or unset it\n');
    child = spawnGateway({ NODE_ENV: 'production', PORT: '0' });
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toMatch(/^Configuration error: AUTH0_DOMAIN is required when NODE_ENV=production/);
  });

  it('npm start in dev mode starts the emulator, prints the GraphiQL URL and a token that works, and a SIGTERM to npm alone drains the server', async () => {
    child = spawnGateway({ PORT: '0', LOG_LEVEL: 'info' }, 'npm-start');
    const [, url] = await waitForOutput(child, /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    const [, token] = await waitForOutput(child, /Authorization: Bearer (\S+)/);
    expect(child.output()).toContain('DEV MODE: no AUTH0_* variable is set');
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ authenticationMethods(userId: "auth0|alice") { __typename id } }' }),
    });
    const body = (await response.json()) as { data: { authenticationMethods: { __typename: string }[] } };
    expect(body.data.authenticationMethods.map((m) => m.__typename)).toContain('PhoneMethod');

    // GraphiQL: served by the gateway itself (no CDN), with the example query and the token filled in.
    const page = await fetch(url!, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('AliceMethods');
    expect(html).toContain(token);
    expect(html).not.toMatch(/<script[^>]+src="https?:\/\//);
    expect(html).not.toMatch(/<link[^>]+href="https?:\/\//);

    // What a process manager does: signal npm's process, not its group. Node itself must drain and exit.
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(child.output()).toMatch(/"msg":"shutting down: no new connections/);
  });

  it('outside dev mode puts no token in GraphiQL', async () => {
    child = spawnGateway({ ...tenant, PORT: '0', LOG_LEVEL: 'warn' });
    const [, url] = await waitForOutput(child, /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    const html = await (await fetch(url!, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/Bearer/);
    expect(html).not.toContain(tenant.AUTH0_CLIENT_SECRET);
  });

  it('writes log lines in batches, yet a lone request line appears within a second, and the last lines at shutdown', async () => {
    child = spawnGateway({ PORT: '0' });
    const [, url] = await waitForOutput(child, /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    const [, token] = await waitForOutput(child, /Authorization: Bearer (\S+)/);
    expect(child.output()).toContain('DEV MODE: no AUTH0_* variable is set');
    await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'lone-request-1' },
      body: JSON.stringify({ query: '{ authenticationMethods(userId: "auth0|alice") { id } }' }),
    });
    // Far less than the 4 kB a write waits for: only the periodic flush sends it.
    await waitForOutput(child, /"correlationId":"lone-request-1"/, 1_000);
    signal(child, 'SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(child.output()).toMatch(/"msg":"shutting down: no new connections/);
  });
});
