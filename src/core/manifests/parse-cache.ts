/**
 * A bounded least-recently-used cache of parsed files keyed by Git blob id. Equal blob ids mean
 * equal bytes, so a commit that changes one file re-parses only that file. Pure: a Map, no clock.
 */
import type { ParsedFile } from './parse-yaml.js';

export interface ParseCache {
  get(blobId: string): ParsedFile | undefined;
  set(blobId: string, parsed: ParsedFile): void;
}

export const DEFAULT_PARSE_CACHE_ENTRIES = 10_000;

export function createParseCache(maxEntries: number = DEFAULT_PARSE_CACHE_ENTRIES): ParseCache {
  const limit = Math.max(1, Math.floor(maxEntries));
  const entries = new Map<string, ParsedFile>();
  return {
    get(blobId) {
      const hit = entries.get(blobId);
      if (hit === undefined) return undefined;
      // Re-insert so that Map's insertion order doubles as recency order.
      entries.delete(blobId);
      entries.set(blobId, hit);
      return hit;
    },
    set(blobId, parsed) {
      entries.delete(blobId);
      entries.set(blobId, parsed);
      while (entries.size > limit) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
  };
}
