import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { useRouterTracing } from './router-tracing.js';

/**
 * The federation router: Hive Gateway's runtime (yoga underneath, from the npm registry, runs on
 * Node). It forwards the caller's Authorization header to every subgraph, so the MFA subgraph
 * verifies the caller itself; the router holds no credentials.
 */
export function createRouter(supergraphSdl: string) {
  return createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    graphqlEndpoint: '/graphql',
    // Spans only when the process registered a tracer provider (the trace test does); no-ops otherwise.
    plugins: () => [useRouterTracing()],
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization'),
        'x-request-id': request.headers.get('x-request-id'),
      }),
    },
  });
}
