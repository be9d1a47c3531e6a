/**
 * Field descriptions of the built-in types for the OpenAPI documents (what `kubectl explain`
 * prints), read from the doc comments client-node's generator copied from the Kubernetes API.
 * Read only when a document is built, once per type.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Descriptions {
  type: string;
  fields: Map<string, string>;
}

const require = createRequire(import.meta.url);
const MODEL_DIR = path.join(path.dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
const DOC = /\/\*\*\n((?:[ \t]*\*.*\n)*?)[ \t]*\*\/\n[ \t]*(?:export declare class (\w+)|'([^']+)'\??:)/g;
const cache = new Map<string, Descriptions>();

function text(comment: string): string {
  return comment
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
    .replace(/\\(['"\\])/g, '$1');
}

export function descriptionsOf(model: string): Descriptions {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: Descriptions = { type: '', fields: new Map() };
  cache.set(model, out);
  let src = '';
  try {
    if (/^[A-Za-z0-9]+$/.test(model)) src = readFileSync(path.join(MODEL_DIR, `${model}.d.ts`), 'utf8');
  } catch {
    return out; // descriptions are optional; kubectl explain prints <empty>
  }
  for (const m of src.matchAll(DOC)) {
    const [, comment = '', cls, field] = m;
    if (cls) out.type = text(comment);
    else if (field) out.fields.set(field, text(comment));
  }
  return out;
}
