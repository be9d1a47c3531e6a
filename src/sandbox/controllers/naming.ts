/**
 * Names controllers invent: pod-template-hash values (FNV-32a of the template, encoded with the
 * apimachinery "safe" alphabet so a hash never spells a word) and generateName suffixes.
 */
import { stableStringify } from './fields.js';

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot form bad words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character mapped into the safe alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length] ?? 'b';
  return out;
}

/** controller.ComputeHash: a template (plus the collision count, when a hash collided) to a label value. */
export function computeHash(template: unknown, collisionCount?: number): string {
  const salt = collisionCount ? `#${collisionCount}` : '';
  return safeEncode(String(fnv32a(stableStringify(template) + salt)));
}

export function randomSuffix(n = 5): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMS[Math.floor(Math.random() * ALPHANUMS.length)] ?? 'b';
  return out;
}

/** What the apiserver does with generateName: the base cut to 58 characters, then 5 random ones. */
export function generateName(base: string): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${randomSuffix()}`;
}

export function randomHex(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}
