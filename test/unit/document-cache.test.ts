import { parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDocumentCache } from '../../src/graphql/use-document-cache.js';

type Hooks = {
  onParse: (payload: { params: { source: string }; setParsedDocument: (document: DocumentNode) => void }) => void;
  onValidate: (payload: {
    params: { documentAST: DocumentNode };
    context: { auth: { caller: object | null } };
    setResult: (errors: unknown[]) => void;
  }) => ((after: { valid: boolean }) => void) | void;
};

/** Runs a document through the cache's hooks as Yoga would: parse, then validate with a verdict. */
function through(plugin: Hooks, source: string, caller: object | null, valid = true) {
  let cached: DocumentNode | undefined;
  plugin.onParse({ params: { source }, setParsedDocument: (document) => (cached = document) });
  const document = cached ?? parse(source);
  let skipped = false;
  const after = plugin.onValidate({ params: { documentAST: document }, context: { auth: { caller } }, setResult: () => (skipped = true) });
  if (after) after({ valid });
  return { hit: cached !== undefined, validationSkipped: skipped };
}

describe('the document cache', () => {
  const verified = { sub: 'admin' };
  const stranger = null;
  const cache = () => createDocumentCache().plugin as unknown as Hooks;

  it("keeps a verified caller's valid document, and a hit skips validation", () => {
    const plugin = cache();
    expect(through(plugin, '{ a }', verified)).toEqual({ hit: false, validationSkipped: false });
    expect(through(plugin, '{ a }', verified)).toEqual({ hit: true, validationSkipped: true });
  });

  it('keeps nothing a stranger sent, nor a document that failed validation', () => {
    const plugin = cache();
    through(plugin, '{ b }', stranger);
    expect(through(plugin, '{ b }', stranger).hit).toBe(false);
    through(plugin, '{ c }', verified, false);
    expect(through(plugin, '{ c }', verified).hit).toBe(false);
  });

  it('is bounded by source size: a document over 16 kB is never kept', () => {
    const plugin = cache();
    const big = `{ ${'a '.repeat(9_000)}}`;
    through(plugin, big, verified);
    expect(through(plugin, big, verified).hit).toBe(false);
  });
});
