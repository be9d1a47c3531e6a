/**
 * Server-owned metadata: uid, timestamps, names from generateName, which kinds carry a generation.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { metaOf, type Obj } from '../model.js';

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function newUid(): string {
  return randomUUID();
}

// The alphabet apimachinery's rand.String uses: no vowels or look-alike digits, so names never spell words.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Metadata a client may not set: copied from the stored object on every update. */
export const SERVER_OWNED_META = [
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'resourceVersion',
  'selfLink',
] as const;

export function copyServerOwnedMeta(from: Obj, to: Obj): void {
  const src = metaOf(from);
  const dst = metaOf(to);
  for (const k of SERVER_OWNED_META) {
    if (src[k] === undefined) delete dst[k];
    else dst[k] = src[k];
  }
}
