/**
 * A readable unified diff of two texts (the YAML of the compared live fields and of what Git
 * declares), in the format of `diff -u` / `kubectl diff`, with three lines of context.
 */

const CONTEXT = 3;
const MAX_CELLS = 4_000_000; // beyond this the LCS table is too big; fall back to remove-all/add-all

type Line = { tag: ' ' | '-' | '+'; text: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** Line-level edit script by longest common subsequence, after trimming the common prefix and suffix. */
function editScript(a: string[], b: string[]): Line[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const head: Line[] = a.slice(0, start).map((text) => ({ tag: ' ', text }));
  const tail: Line[] = a.slice(endA).map((text) => ({ tag: ' ', text }));
  const n = midA.length;
  const m = midB.length;
  const middle: Line[] = [];
  if (n * m > MAX_CELLS) {
    middle.push(...midA.map((text): Line => ({ tag: '-', text })), ...midB.map((text): Line => ({ tag: '+', text })));
    return [...head, ...middle, ...tail];
  }
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        midA[i] === midB[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      middle.push({ tag: ' ', text: midA[i++] ?? '' });
      j++;
    } else if (i < n && (j === m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      middle.push({ tag: '-', text: midA[i++] ?? '' }); // removals before additions, as diff -u prints them
    } else {
      middle.push({ tag: '+', text: midB[j++] ?? '' });
    }
  }
  return [...head, ...middle, ...tail];
}

/** Unified diff from `before` to `after`; '' when they are equal. */
export function renderUnifiedDiff(
  before: string,
  after: string,
  labels = { before: 'live', after: 'desired' },
): string {
  const lines = editScript(splitLines(before), splitLines(after));
  const changed = lines.flatMap((l, idx) => (l.tag === ' ' ? [] : [idx]));
  if (changed.length === 0) return '';
  // Group changed lines whose context windows touch into hunks.
  const hunks: [number, number][] = [];
  for (const idx of changed) {
    const last = hunks[hunks.length - 1];
    if (last && idx - CONTEXT <= last[1] + CONTEXT) last[1] = idx;
    else hunks.push([idx, idx]);
  }
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  for (const [first, lastChanged] of hunks) {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(lines.length - 1, lastChanged + CONTEXT);
    const prior = lines.slice(0, from);
    const slice = lines.slice(from, to + 1);
    const oldStart = prior.filter((l) => l.tag !== '+').length;
    const newStart = prior.filter((l) => l.tag !== '-').length;
    const oldLen = slice.filter((l) => l.tag !== '+').length;
    const newLen = slice.filter((l) => l.tag !== '-').length;
    out.push(
      `@@ -${oldLen === 0 ? oldStart : oldStart + 1},${oldLen} +${newLen === 0 ? newStart : newStart + 1},${newLen} @@`,
    );
    out.push(...slice.map((l) => `${l.tag}${l.text}`));
  }
  return `${out.join('\n')}\n`;
}
