import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';

export interface Subgraph {
  name: string;
  /** The subgraph's GraphQL endpoint, as the router will call it. */
  url: string;
  typeDefs: DocumentNode;
}

/** Reads a running subgraph's SDL the way rover does: `{ _service { sdl } }`, no credentials. */
export async function fetchSubgraphSdl(url: string): Promise<DocumentNode> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } } };
  if (!body.data) throw new Error(`${url} did not serve _service { sdl }: HTTP ${response.status}`);
  return parse(body.data._service.sdl);
}

/** Apollo's composition: the supergraph SDL, or an error listing every composition error. */
export function composeSupergraph(subgraphs: Subgraph[]): { supergraphSdl: string; hints: string[] } {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}
