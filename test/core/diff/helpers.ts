/** Small builders for the diff tests: deep copies of the fixtures with one edit applied. */

import jsonpatch from 'fast-json-patch';
import { yaml } from './fixtures.js';

type Obj = Record<string, unknown>;

/** The fixture, with a JSON patch applied (how a test describes "someone changed X"). */
export function edited(text: string, ops: { op: string; path: string; value?: unknown }[]): Obj {
  return jsonpatch.applyPatch(yaml(text), ops as jsonpatch.Operation[], true, false).newDocument;
}

/** Adds a managedFields entry, as the API server does when another manager writes the object. */
export function withManager(obj: Obj, entry: Obj): Obj {
  const meta = obj.metadata as Obj;
  meta.managedFields = [...((meta.managedFields as unknown[] | undefined) ?? []), entry];
  return obj;
}

/** Applies a diff's patch to live with fast-json-patch, as an RFC 6902 consumer would. */
export function applyDiffPatch(live: Obj, patch: { op: string; path: string; value?: unknown }[]): Obj {
  return jsonpatch.applyPatch(structuredClone(live), patch as jsonpatch.Operation[], true, false).newDocument;
}
