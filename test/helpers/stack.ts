import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Emulator, type EmulatorOptions, type EmulatorStats, type RecordedRequest } from '../../src/emulator/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createGateway, type Gateway } from '../../src/app.js';
import { listen } from '../../src/http/listen.js';

export const GATEWAY_AUDIENCE = 'https://gateway.test/api';
export const ALL_PERMISSIONS = [
  'read:authentication_methods',
  'create:authentication_methods',
  'update:authentication_methods',
  'delete:authentication_methods',
];

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> };
}

export interface Stack {
  emulator: Emulator;
  gateway: Gateway;
  url: string;
  /** POST /graphql with a token (or none with `token: null`). */
  graphql<T = Record<string, unknown>, V = Record<string, unknown>>(
    document: TypedDocumentNode<T, V> | DocumentNode | string,
    variables?: V,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** A caller token minted by the emulated tenant, through its HTTP admin API (all permissions unless told). */
  token(claims?: { sub?: string; permissions?: string[]; scope?: string; audience?: string; expiresInSeconds?: number }): Promise<string>;
  /** What the emulator's Management API received since the last reset. */
  upstreamRequests(): Promise<RecordedRequest[]>;
  upstreamStats(): Promise<EmulatorStats>;
  resetUpstreamLog(): Promise<void>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** The emulator's stored methods of a user (unmasked, as the tenant holds them). */
  storedMethods(userId: string): Promise<Array<Record<string, unknown>>>;
  /** Every line the gateway logged. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real emulator and the real gateway, each on its own loopback port, spoken to over HTTP.
 * `env` overrides the gateway's environment (the README's configuration variables).
 */
export async function startStack(
  options: {
    env?: Record<string, string> | ((emulator: Emulator) => Record<string, string>);
    emulator?: EmulatorOptions;
    /** Another replica: a gateway in front of this stack's emulator (which its own close() leaves running). */
    replicaOf?: Stack;
  } = {},
): Promise<Stack> {
  const emulator = options.replicaOf?.emulator ?? (await Emulator.start({ host: '127.0.0.1', ...options.emulator }));
  const config = loadConfig({
    ...emulator.tenantVariables(GATEWAY_AUDIENCE),
    LOG_LEVEL: 'debug',
    // Most tests count the upstream calls of each request; the read cache has tests of its own.
    METHODS_CACHE_TTL_SECONDS: '0',
    ...(typeof options.env === 'function' ? options.env(emulator) : options.env),
  });
  const logs: string[] = [];
  const log = createLogger({ level: config.logLevel, pretty: false, destination: { write: (line: string) => void logs.push(line) } });
  const gateway = createGateway({ config, tenant: config.tenant!, log });
  await gateway.ready();
  const { server, url } = await listen(gateway.handler, 0, '127.0.0.1');
  const defaultToken = await emulator.mintCallerToken({ sub: 'auth0|admin', audience: GATEWAY_AUDIENCE, permissions: ALL_PERMISSIONS });

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });

  return {
    emulator,
    gateway,
    url,
    async graphql(document, variables, requestOptions = {}) {
      const token = requestOptions.token === undefined ? defaultToken : requestOptions.token;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...requestOptions.headers,
        },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] } as never;
    },
    async token(claims = {}) {
      const response = await admin('POST', 'caller-tokens', {
        sub: claims.sub ?? 'auth0|admin',
        audience: claims.audience ?? GATEWAY_AUDIENCE,
        // Without permissions or scope, an admin token: every permission.
        ...(claims.permissions || claims.scope !== undefined ? {} : { permissions: ALL_PERMISSIONS }),
        ...(claims.permissions ? { permissions: claims.permissions } : {}),
        ...(claims.scope !== undefined ? { scope: claims.scope } : {}),
        ...(claims.expiresInSeconds !== undefined ? { expiresInSeconds: claims.expiresInSeconds } : {}),
      });
      return ((await response.json()) as { token: string }).token;
    },
    async upstreamRequests() {
      return (await (await admin('GET', 'requests')).json()) as RecordedRequest[];
    },
    async upstreamStats() {
      return (await (await admin('GET', 'stats')).json()) as EmulatorStats;
    },
    async resetUpstreamLog() {
      await admin('DELETE', 'requests');
    },
    admin,
    async storedMethods(userId) {
      return (await (await admin('GET', `users/${encodeURIComponent(userId)}`)).json()) as Array<Record<string, unknown>>;
    },
    logs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.close();
      if (!options.replicaOf) await emulator.close();
    },
  };
}
