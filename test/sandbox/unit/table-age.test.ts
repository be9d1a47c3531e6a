import { describe, expect, it } from 'vitest';
import { formatHumanDuration, formatRfc3339, formatTimestampSince } from '../../../src/sandbox/table/age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('AGE as kube HumanDuration prints it', () => {
  it.each([
    [0, '0s'],
    [5 * S, '5s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 12 * S, '3m12s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [8 * H + 59 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [8 * D + 5 * H, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [2 * 365 * D + 45 * D, '2y45d'],
    [9 * 365 * D, '9y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(formatHumanDuration(ms)).toBe(want);
  });

  it('tolerates up to a second of clock skew and calls more invalid', () => {
    expect(formatHumanDuration(-999)).toBe('0s');
    expect(formatHumanDuration(-1500)).toBe('0s');
    expect(formatHumanDuration(-2 * S)).toBe('<invalid>');
  });

  it('prints <unknown> for a missing or zero timestamp', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(formatTimestampSince(undefined, now)).toBe('<unknown>');
    expect(formatTimestampSince('', now)).toBe('<unknown>');
    expect(formatTimestampSince('2024-12-31T23:56:48Z', now)).toBe('3m12s');
  });

  it('formats CREATED AT as RFC 3339 in UTC without fractions', () => {
    expect(formatRfc3339('2024-05-01T12:00:00.123+02:00')).toBe('2024-05-01T10:00:00Z');
    expect(formatRfc3339(undefined)).toBe('0001-01-01T00:00:00Z');
  });
});
