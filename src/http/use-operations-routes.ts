import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../log.js';
import type { TokenProvider } from '../upstream/token.js';
import { TokenGrantError } from '../upstream/errors.js';

/**
 * /readyz: ready when a Management API token is held or can be had now. A failing grant answers 503
 * with its cause (bad_credentials, unreachable, ...) so an operator sees why, never the secret.
 */
export function useOperationsRoutes({ tokens, log }: { tokens: TokenProvider; log: Logger }): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/readyz') return;
      const json = (status: number, body: unknown) =>
        endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
      try {
        await tokens.get();
        json(200, { status: 'ready' });
      } catch (error) {
        const reason = error instanceof TokenGrantError ? error.reason : 'unreachable';
        log.warn({ reason }, 'not ready: no Management API token');
        json(503, { status: 'not ready', reason });
      }
    },
  };
}
