import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

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
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization'),
        'x-request-id': request.headers.get('x-request-id'),
      }),
    },
  });
}
