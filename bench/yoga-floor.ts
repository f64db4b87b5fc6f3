/**
 * The floor the stack sets: a bare graphql-yoga server whose one resolver makes the same upstream
 * GET through an undici pool and returns the list, with no auth, plugins, loaders or logging.
 * The gateway is compared with it to tell the cost of Yoga itself from the cost of what the
 * gateway adds. TARGET=<origin> TOKEN=<Management API token>; prints `listening <url>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { Pool } from 'undici';

const pool = new Pool(process.env.TARGET!, { connections: 128 });
const authorization = `Bearer ${process.env.TOKEN}`;

const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs:
      'type Method { id: ID! type: String! name: String created_at: String phone_number: String } type Query { methods(userId: ID!): [Method!]! }',
    resolvers: {
      Query: {
        methods: async (_: unknown, { userId }: { userId: string }) => {
          const answer = await pool.request({
            method: 'GET',
            path: `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods?include_totals=true&per_page=100&page=0`,
            headers: { authorization },
          });
          return ((await answer.body.json()) as { authenticators: unknown[] }).authenticators;
        },
      },
    },
  }),
});

const server = createServer(yoga);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
