import { describe, expect, it } from 'vitest';
import { checkPruneGuard, type PruneGuardInput } from '../../../src/core/sync/prune-guard.js';

const base: PruneGuardInput = { app: 'shop', declared: 10, tracked: 10, toPrune: 0, allowMassPrune: false };
const guard = (over: Partial<PruneGuardInput>): string | undefined => checkPruneGuard({ ...base, ...over });

describe('checkPruneGuard', () => {
  it('allows a sync that prunes nothing, even one that declares nothing', () => {
    expect(guard({})).toBeUndefined();
    expect(guard({ declared: 0, tracked: 0 })).toBeUndefined();
    expect(guard({ declared: 0, tracked: 3, toPrune: 0 })).toBeUndefined();
  });

  it('allows pruning a few objects', () => {
    expect(guard({ declared: 9, tracked: 10, toPrune: 1 })).toBeUndefined();
    expect(guard({ declared: 6, tracked: 10, toPrune: 4 })).toBeUndefined();
  });

  it('allows pruning exactly half of the live objects', () => {
    expect(guard({ declared: 5, tracked: 10, toPrune: 5 })).toBeUndefined();
    expect(guard({ declared: 1, tracked: 2, toPrune: 1 })).toBeUndefined();
  });

  it('refuses pruning more than half, naming the app and the numbers', () => {
    expect(guard({ declared: 4, tracked: 10, toPrune: 6 })).toBe(
      'refusing to prune 6 of the 10 live objects of app shop (more than half); ' +
        'set spec.syncPolicy.allowMassPrune: true in its app.yaml to allow it',
    );
  });

  it('refuses emptying an app, saying Git declares nothing', () => {
    expect(guard({ declared: 0, tracked: 3, toPrune: 3 })).toBe(
      'refusing to sync app shop: Git now declares no objects for it, which would prune all 3 live objects; ' +
        'set spec.syncPolicy.allowMassPrune: true in its app.yaml to allow it',
    );
    // Even a single object: an empty app is refused whatever the share.
    expect(guard({ declared: 0, tracked: 1, toPrune: 1 })).toContain('declares no objects');
  });

  it('allows both mass prunes with consent', () => {
    expect(guard({ declared: 0, tracked: 3, toPrune: 3, allowMassPrune: true })).toBeUndefined();
    expect(guard({ declared: 1, tracked: 10, toPrune: 9, allowMassPrune: true })).toBeUndefined();
  });
});
