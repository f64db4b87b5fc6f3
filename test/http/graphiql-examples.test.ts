import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, parse } from 'graphql';
import { EXAMPLE_TABS, JOB_ID_PLACEHOLDER } from '../../src/http/graphiql-examples.js';
import { schema } from '../../src/schema/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('the GraphiQL example tabs', () => {
  it('cover every query and mutation of the schema', () => {
    const roots = EXAMPLE_TABS.flatMap((t) =>
      parse(t.query).definitions.flatMap((d) =>
        d.kind === Kind.OPERATION_DEFINITION ? d.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) : [],
      ),
    );
    const schemaRoots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.keys(type.getFields()).filter((name) => !name.startsWith('_')),
    );
    expect(new Set(roots)).toEqual(new Set(schemaRoots));
  });

  it.each(EXAMPLE_TABS.map((t, i) => [i, t]))('tab %i runs against the demo users and succeeds', async (_i, example) => {
    await stack.admin('POST', 'reset');
    const { status, body } = await stack.graphql(example.query, example.variables ? JSON.parse(example.variables) : undefined);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // Each root answers a list (a read), a method, a posture, or a mutation's success: never an error member.
    const answers = Object.values(body.data!).map((value) =>
      Array.isArray(value) ? 'list' : value === null ? 'null' : (value as { __typename: string }).__typename,
    );
    expect(answers.length).toBeGreaterThan(0);
    // A tab that needs a job id another tab started answers null, or says the id is unknown.
    const allowed = example.variables?.includes(JOB_ID_PLACEHOLDER) ? /^null$|^ValidationError$/ : /^list$|Success$|Method$|^MfaPosture$/;
    for (const answer of answers) expect(answer).toMatch(allowed);
  });
});
