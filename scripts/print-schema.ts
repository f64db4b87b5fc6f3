/**
 * Writes schema/schema.graphql: the subgraph SDL as composition and the router see it (printed with
 * @apollo/subgraph so the federation directives and @link stay; Pothos already sorts the schema).
 * `--check` fails instead of writing when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { schema } from '../src/schema/index.js';

const target = new URL('../schema/schema.graphql', import.meta.url);
const sdl = `${printSubgraphSchema(schema).trim()}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (committed !== sdl) {
    console.error('schema/schema.graphql is stale: run `npm run codegen` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  writeFileSync(target, sdl);
  console.log('wrote schema/schema.graphql');
}
