import { createSchema, createYoga } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useCompiledExecution } from '../../src/graphql/use-compiled-execution.js';

/**
 * The compiled path must answer exactly as the interpreter does, errors included: the same
 * server with and without it, given the same requests.
 */
const schema = createSchema({
  typeDefs: `
    interface Method { id: ID! }
    type Phone implements Method { id: ID! number: String }
    type Totp implements Method { id: ID! }
    input Filter { type: String! }
    type Query {
      methods(userId: ID!, filter: Filter): [Method!]!
      refused: String
      broken: String
      missing: String!
    }
  `,
  resolvers: {
    Query: {
      methods: (_: unknown, { userId }: { userId: string }) => [
        { __kind: 'Phone', id: `${userId}-p`, number: '+14155550100' },
        { __kind: 'Totp', id: `${userId}-t` },
      ],
      refused: () => {
        throw new GraphQLError('Not yours.', { extensions: { code: 'FORBIDDEN' } });
      },
      broken: () => {
        throw new Error('database password is hunter2');
      },
      missing: () => null,
    },
    Method: { __resolveType: (method: { __kind: string }) => method.__kind },
  },
});

/** A clock a second further on at every look, so that no compilation waits for its turn. */
const hurried = () => {
  let clock = 0;
  return () => (clock += 1_000);
};
const server = (compiled: boolean) =>
  createYoga({ schema, logging: false, plugins: compiled ? [useCompiledExecution(() => true, { now: hurried() })] : [] });
const interpreted = server(false);
const compiled = server(true);

async function both(query: string, variables?: unknown) {
  const ask = async (yoga: typeof interpreted) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  return { interpreted: await ask(interpreted), compiled: await ask(compiled) };
}

describe('compiled execution', () => {
  it.each([
    ['a read over an interface', 'query ($u: ID!) { methods(userId: $u) { __typename id ... on Phone { number } } }', { u: 'auth0|a' }],
    ['an error the resolver raised, with its code', '{ refused }', undefined],
    ['an unexpected error, masked', '{ broken }', undefined],
    ['a null in a non-null field', '{ missing }', undefined],
    ['variables of the wrong type (a request error, 400)', 'query ($u: ID!) { methods(userId: $u) { id } }', { u: { not: 'an id' } }],
    ['a missing required input field', 'query ($f: Filter) { methods(userId: "a", filter: $f) { id } }', { f: {} }],
    ['a document with two operations and no name', 'query A { refused } query B { broken }', undefined],
  ])('answers as the interpreter does: %s', async (_label, query, variables) => {
    const { interpreted, compiled } = await both(query, variables);
    expect(compiled).toEqual(interpreted);
  });

  // A resolver that says who called it: graphql-jit's generated code, or graphql-js's executor.
  const probe = createSchema({
    typeDefs: 'type Query { engine: String, other: String }',
    resolvers: {
      Query: {
        engine: () => (new Error().stack?.includes('compileQuery') ? 'jit' : 'graphql-js'),
        other: () => (new Error().stack?.includes('compileQuery') ? 'jit' : 'graphql-js'),
      },
    },
  });
  const probing = (plugins: ReturnType<typeof useCompiledExecution>[]) => {
    const yoga = createYoga({ schema: probe, logging: false, plugins });
    return async (query: string) =>
      (await (await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`)).json()) as unknown;
  };

  it('really runs the compiled path, for the documents it is told to', async () => {
    expect(await probing([])('{ engine }')).toEqual({ data: { engine: 'graphql-js' } });
    expect(await probing([useCompiledExecution(() => true, { now: hurried() })])('{ engine }')).toEqual({ data: { engine: 'jit' } });
    expect(await probing([useCompiledExecution(() => false, { now: hurried() })])('{ engine }')).toEqual({
      data: { engine: 'graphql-js' },
    });
  });

  it('compiles one document a second at most; the others run interpreted meanwhile', async () => {
    let clock = 0;
    const ask = probing([useCompiledExecution(() => true, { now: () => clock })]);
    expect(await ask('{ engine }')).toEqual({ data: { engine: 'jit' } });
    expect(await ask('{ other }')).toEqual({ data: { other: 'graphql-js' } });
    clock += 999;
    expect(await ask('{ other }')).toEqual({ data: { other: 'graphql-js' } });
    clock += 1;
    expect(await ask('{ other }')).toEqual({ data: { other: 'jit' } });
    expect(await ask('{ engine }')).toEqual({ data: { engine: 'jit' } });
  });

  // graphql-jit keeps kilobytes of heap per selection compiled: what is kept is bounded by selections.
  it('keeps compiled documents within a selection budget, least recently used out first; a larger one runs interpreted', async () => {
    let clock = 0;
    const ask = probing([useCompiledExecution(() => true, { now: () => clock, maxSelections: 3 })]);
    expect(await ask('{ a: engine b: engine c: engine d: engine }')).toEqual({
      data: { a: 'graphql-js', b: 'graphql-js', c: 'graphql-js', d: 'graphql-js' },
    });
    expect(await ask('{ engine }')).toEqual({ data: { engine: 'jit' } });
    clock += 1_000;
    expect(await ask('{ a: other b: other }')).toEqual({ data: { a: 'jit', b: 'jit' } });
    clock += 1_000;
    expect(await ask('{ x: other }')).toEqual({ data: { x: 'jit' } });
    // Four selections do not fit in three: the least recently used document went.
    expect(await ask('{ engine }')).toEqual({ data: { engine: 'graphql-js' } });
    expect(await ask('{ a: other b: other }')).toEqual({ data: { a: 'jit', b: 'jit' } });
    // Fragments count as expanded: one field written, two spreads of it, four selections.
    clock += 1_000;
    expect(await ask('{ ...F ...F } fragment F on Query { engine }')).toEqual({ data: { engine: 'graphql-js' } });
    expect(await ask('{ engine }')).toEqual({ data: { engine: 'jit' } });
  });
});
