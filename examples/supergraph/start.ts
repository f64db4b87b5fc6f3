import type { Server } from 'node:http';
import { close, listen } from '../../src/http/listen.js';
import { composeSupergraph, fetchSubgraphSdl } from './compose.js';
import { createRouter } from './router.js';
import { createUsersSubgraph, USERS_TYPE_DEFS } from './users-subgraph.js';

export interface Supergraph {
  routerUrl: string;
  usersUrl: string;
  supergraphSdl: string;
  hints: string[];
  close(): Promise<void>;
}

/**
 * Composes the MFA subgraph (already running at `mfaUrl`) with the sample users subgraph, and
 * serves the result behind a router, all on loopback.
 */
export async function startSupergraph(mfaUrl: string, ports: { users?: number; router?: number } = {}): Promise<Supergraph> {
  const servers: Server[] = [];
  const users = await listen(createUsersSubgraph(), ports.users ?? 0, '127.0.0.1');
  servers.push(users.server);
  const usersUrl = `${users.url}/graphql`;
  const { supergraphSdl, hints } = composeSupergraph([
    { name: 'users', url: usersUrl, typeDefs: USERS_TYPE_DEFS },
    { name: 'mfa', url: mfaUrl, typeDefs: await fetchSubgraphSdl(mfaUrl) },
  ]);
  const router = createRouter(supergraphSdl);
  const routerServer = await listen(router, ports.router ?? 0, '127.0.0.1');
  servers.push(routerServer.server);
  return {
    routerUrl: `${routerServer.url}/graphql`,
    usersUrl,
    supergraphSdl,
    hints,
    async close() {
      await router.dispose();
      for (const server of servers) {
        server.closeAllConnections();
        await close(server);
      }
    },
  };
}
