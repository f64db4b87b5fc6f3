/**
 * Writes schema/schema.graphql: the subgraph SDL as composition and the router see it (printed with
 * @apollo/subgraph so the federation directives and @link stay; Pothos already sorts the schema).
 * CI runs it and fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { schema } from '../src/schema/index.js';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), `${printSubgraphSchema(schema).trim()}\n`);
console.log('wrote schema/schema.graphql');
