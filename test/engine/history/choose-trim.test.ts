import { describe, expect, it } from 'vitest';
import { chooseRevisionsToTrim, type TrimCandidate } from '../../../src/engine/history/choose-trim.js';
import type { SyncOutcome } from '../../../src/engine/sync/sync-types.js';

/** 'SFFR' -> revisions 1..4 with outcomes Succeeded, Failed, Failed, Running. */
function revs(code: string): TrimCandidate[] {
  const outcome: Record<string, SyncOutcome> = {
    S: 'Succeeded',
    F: 'Failed',
    C: 'Cancelled',
    I: 'Interrupted',
    R: 'Running',
  };
  return [...code].map((c, i) => ({ revision: i + 1, outcome: outcome[c] ?? 'Running' }));
}

describe('chooseRevisionsToTrim', () => {
  it.each([
    ['nothing beyond the limit', 'SSS', 3, []],
    ['the oldest beyond the limit, oldest first', 'SSSSS', 2, [1, 2, 3]],
    ['keeps the newest success even when failures followed it', 'SSFFFF', 2, [1, 3, 4]],
    ['keeps the newest success when it is the oldest', 'SFFF', 1, [2, 3]],
    ['never a Running revision', 'RSFFS', 1, [2, 3, 4]],
    ['Interrupted and Cancelled revisions are finished and may go', 'ICSS', 2, [1, 2]],
    ['a limit under 1 still keeps the newest', 'FFF', 0, [1, 2]],
    ['no success at all: only the limit applies', 'FFFF', 3, [1]],
  ])('%s', (_name, code, limit, expected) => {
    expect(chooseRevisionsToTrim(revs(code), limit)).toEqual(expected);
  });

  it('orders by revision number, not by the order given', () => {
    const given: TrimCandidate[] = [
      { revision: 12, outcome: 'Failed' },
      { revision: 3, outcome: 'Succeeded' },
      { revision: 40, outcome: 'Succeeded' },
      { revision: 7, outcome: 'Failed' },
    ];
    expect(chooseRevisionsToTrim(given, 2)).toEqual([3, 7]);
  });

  it('deletes nothing for a NaN or an infinite limit', () => {
    expect(chooseRevisionsToTrim(revs('FFFF'), Number.NaN)).toEqual([]);
    expect(chooseRevisionsToTrim(revs('FFFF'), Number.POSITIVE_INFINITY)).toEqual([]);
  });
});
