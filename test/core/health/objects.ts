/** Test objects written as the YAML `kubectl get -o yaml` shows, so cases read like real cluster state. */
import { parse } from 'yaml';
import type { Obj } from '../../../src/core/snapshot.js';

export function live(text: string): Obj {
  return parse(text) as Obj;
}

/** A fixed clock for messages that say how long something has waited. */
export const NOW = new Date('2024-05-01T12:00:00Z');
