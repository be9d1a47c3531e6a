/**
 * The prune guard: a commit that suddenly empties an app (a bad path, a botched merge) or drops more
 * than half of it is far more often a mistake than an intent, and a prune cannot be undone. Such a
 * sync is refused before any write unless the app gives consent (syncPolicy.allowMassPrune).
 */

export interface PruneGuardInput {
  app: string;
  /** Objects Git declares for the app (hooks excluded). */
  declared: number;
  /** Live objects carrying the app's tracking id (declared or not). */
  tracked: number;
  /** Tracked objects Git no longer declares, which the sync would delete. */
  toPrune: number;
  allowMassPrune: boolean;
}

/** A one-line refusal naming the app, the numbers and the consent that would allow it; undefined when allowed. */
export function checkPruneGuard(input: PruneGuardInput): string | undefined {
  const { app, declared, tracked, toPrune, allowMassPrune } = input;
  if (allowMassPrune || toPrune === 0) return undefined;
  const consent = 'set spec.syncPolicy.allowMassPrune: true in its app.yaml to allow it';
  if (declared === 0) {
    return `refusing to sync app ${app}: Git now declares no objects for it, which would prune all ${toPrune} live objects; ${consent}`;
  }
  if (toPrune * 2 > tracked) {
    return `refusing to prune ${toPrune} of the ${tracked} live objects of app ${app} (more than half); ${consent}`;
  }
  return undefined;
}
