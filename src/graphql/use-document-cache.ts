import type { DocumentNode, Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';
import { LRUCache } from 'lru-cache';

/**
 * Bytes of document source kept parsed. A parsed document takes some 20-50 times its source on
 * the heap (50 for 30 aliased reads of every field), so this bounds the cache to a few MB whatever
 * verified callers send; real clients send a few dozen distinct documents of 1-2 kB.
 */
const CACHE_CHARS = 128 * 1024;
const ENTRY_CHARS = 16 * 1024;

/**
 * Parsed and validated documents, reused across requests. Yoga's own cache counts entries, not
 * bytes, and keeps whatever was parsed, refused documents included, so anonymous callers could
 * fill it with large junk. This one keeps only documents that a verified caller sent and that
 * passed validation (so a hit skips validation too: the rules are the same for every request),
 * and is bounded by the size of their source.
 */
export interface DocumentCache {
  plugin: Plugin<RequestScope>;
  /** Whether a document is one this cache keeps: a verified caller's, validated, bounded in size. */
  holds(document: DocumentNode): boolean;
}

export function createDocumentCache(): DocumentCache {
  const documents = new LRUCache<string, DocumentNode>({
    maxSize: CACHE_CHARS,
    maxEntrySize: ENTRY_CHARS,
    sizeCalculation: (_document, source) => source.length,
  });
  const validated = new WeakSet<DocumentNode>();
  const plugin: Plugin<RequestScope> = {
    onParse({ params, setParsedDocument }) {
      const source = params.source as string | Source;
      const cached = documents.get(typeof source === 'string' ? source : source.body);
      if (cached) setParsedDocument(cached);
    },
    onValidate({ params, context, setResult }) {
      const document = params.documentAST as DocumentNode;
      if (validated.has(document)) {
        setResult([]);
        return;
      }
      return ({ valid }) => {
        const source = document.loc?.source.body;
        if (!valid || source === undefined || !context.auth?.caller) return;
        validated.add(document);
        documents.set(source, document);
      };
    },
  };
  return { plugin, holds: (document) => validated.has(document) };
}
