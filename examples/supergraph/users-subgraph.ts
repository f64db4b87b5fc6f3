import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { decodeJwt } from 'jose';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A stand-in for the company's users subgraph: it owns `User` and `Query.user`/`Query.me`, and
 * knows nothing of MFA. `me` reads the caller's `sub` from the token the router forwards (it
 * trusts the MFA subgraph, which verifies it, to refuse a bad one; a real users service verifies too).
 */
export const USERS_TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type User @key(fields: "id") {
    id: ID!
    email: String
  }

  type Query {
    user(id: ID!): User
    me: User
  }
`);

const EMAILS: Record<string, string> = {
  'auth0|alice': 'alice@example.com',
  'auth0|bob': 'bob.builder@example.com',
  'auth0|carol': 'carol@example.org',
  'auth0|dave': 'dave@example.net',
  'auth0|erin': 'erin@example.com',
};

const user = (id: string) => (id in EMAILS ? { id, email: EMAILS[id] } : null);

const resolvers: GraphQLResolverMap<unknown> = {
  Query: {
    user: (_root, args: { id: string }) => user(args.id),
    me: (_root, _args, context) => {
      const token = (context as { request: Request }).request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
      const sub = token ? decodeJwt(token).sub : undefined;
      return sub ? user(sub) : null;
    },
  },
  User: {
    __resolveReference: (reference: { id: string }) => user(reference.id),
  },
};

export function createUsersSubgraph() {
  return createYoga({
    schema: buildSubgraphSchema({ typeDefs: USERS_TYPE_DEFS, resolvers }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
  });
}
