/**
 * Kubernetes resource quantities ('500m', '1Gi', '2e3'): checked in manifests, and compared by value in
 * diffs, so cpu: 1 in Git is not OutOfSync with the '1000m' an API server stored, or the reverse.
 */

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Exact canonical form "<digits>e<exponent>" (no trailing zeros in digits), or undefined if not a quantity. */
export function canonicalQuantity(value: string | number): string | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', binary, decimal, exp] = m;
  if (whole === '' && frac === '') return undefined;
  let digits = BigInt(`${whole}${frac}` || '0');
  let exponent = -frac.length + (decimal ? (DECIMAL[decimal] ?? 0) : 0) + (exp ? Number(exp) : 0);
  if (binary) digits *= 1024n ** (BINARY[binary] ?? 0n);
  if (digits === 0n) return '0e0';
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return `${sign === '-' ? '-' : ''}${digits}e${exponent}`;
}

/** Why value is not a quantity, for manifest errors; undefined when it is one. */
export function checkQuantity(value: string | number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? undefined : `${value} is not a quantity`;
  return value === value.trim() && canonicalQuantity(value) !== undefined
    ? undefined
    : `"${value}" is not a quantity (use forms like 500m, 2, 4Gi)`;
}

/** True when both sides spell the same quantity ('1000m' and '1', '1Gi' and '1024Mi', 1 and '1'). */
export function sameQuantity(a: unknown, b: unknown): boolean {
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) {
    return false;
  }
  const ca = canonicalQuantity(a);
  return ca !== undefined && ca === canonicalQuantity(b);
}
