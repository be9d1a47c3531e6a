/**
 * The parsed message descriptors, built once from the tables in messages/. A reference to a
 * message that is neither in a table nor a special type is a bug in the tables, caught at load.
 */
import { ALL_MESSAGES } from './messages/index.js';
import { parseMessage, SCALAR_TYPES, type MessageDesc } from './schema.js';
import { SPECIAL_TYPES } from './special.js';

function buildRegistry(): ReadonlyMap<string, MessageDesc> {
  const registry = new Map<string, MessageDesc>();
  for (const [name, specs] of Object.entries(ALL_MESSAGES)) registry.set(name, parseMessage(name, specs));
  for (const msg of registry.values()) {
    for (const f of msg.fields) {
      if (!SCALAR_TYPES.has(f.type) && !SPECIAL_TYPES.has(f.type) && !registry.has(f.type)) {
        throw new Error(`${msg.name}.${f.json || f.type} refers to unknown message ${f.type}`);
      }
    }
  }
  return registry;
}

export const MESSAGES: ReadonlyMap<string, MessageDesc> = buildRegistry();
