import { describe, expect, it } from 'vitest';
import { renderUnifiedDiff } from '../../../src/core/diff/render-unified-diff.js';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i)}\n`).join('');

describe('unified diff rendering', () => {
  it('is empty for equal texts', () => {
    expect(renderUnifiedDiff('a: 1\n', 'a: 1\n')).toBe('');
  });

  it('prints hunks with three lines of context and correct ranges, like diff -u', () => {
    const before = lines(20, (i) => `line${i}`);
    const after = lines(20, (i) => (i === 2 ? 'changed2' : i === 15 ? 'changed15' : `line${i}`));
    expect(renderUnifiedDiff(before, after)).toBe(
      [
        '--- live',
        '+++ desired',
        '@@ -1,6 +1,6 @@',
        ' line0',
        ' line1',
        '-line2',
        '+changed2',
        ' line3',
        ' line4',
        ' line5',
        '@@ -13,7 +13,7 @@',
        ' line12',
        ' line13',
        ' line14',
        '-line15',
        '+changed15',
        ' line16',
        ' line17',
        ' line18',
        '',
      ].join('\n'),
    );
  });

  it('renders a whole new object as additions', () => {
    expect(renderUnifiedDiff('', 'a: 1\nb: 2\n')).toBe('--- live\n+++ desired\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n');
  });
});
