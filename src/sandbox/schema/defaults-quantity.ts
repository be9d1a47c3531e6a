/**
 * resource.Quantity as the apiserver round-trips it: parsed, rounded (nano on parse, milli for
 * resource lists, as SetDefaults_ResourceList does) and written back in canonical form, so a
 * stored `cpu: 0.5` reads back as "500m" and `memory: 1024Mi` as "1Gi", exactly like kube.
 */

type Format = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** value = mantissa * 10^exp, kept exact with BigInt. */
export interface Quantity {
  mantissa: bigint;
  exp: number;
  format: Format;
}

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = new Map(Object.entries(BINARY).map(([s, e]) => [e, s]));

const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

export function parseQuantity(input: unknown): Quantity | undefined {
  const s = typeof input === 'number' ? numberText(input) : input;
  if (typeof s !== 'string') return undefined;
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') return undefined;
  let mantissa = BigInt(`${whole}${frac}` || '0');
  let exp = -frac.length;
  let format: Format = 'DecimalSI';
  if (suffix in BINARY) {
    mantissa *= 1024n ** BigInt(BINARY[suffix] ?? 0);
    format = 'BinarySI';
  } else if (suffix in DECIMAL) {
    exp += DECIMAL[suffix] ?? 0;
  } else {
    exp += Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  if (sign === '-') mantissa = -mantissa;
  return roundUp({ mantissa, exp, format }, -9);
}

function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const t = String(n);
  // JS prints 1e21 as "1e+21"; the quantity grammar accepts "1e21".
  return t.replace('e+', 'e');
}

/** Rounds away from zero to at most `scale` decimal places (inf.RoundUp). */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.exp >= scale) return q;
  const div = 10n ** BigInt(scale - q.exp);
  const neg = q.mantissa < 0n;
  const abs = neg ? -q.mantissa : q.mantissa;
  let r = abs / div;
  if (abs % div !== 0n) r += 1n;
  return { mantissa: neg ? -r : r, exp: scale, format: q.format };
}

/** Quantity.String(): CanonicalizeBytes. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const intValue = integerValue(q);
    const small =
      compareQuantity(q, { mantissa: -1024n, exp: 0, format }) > 0 &&
      compareQuantity(q, { mantissa: 1024n, exp: 0, format }) < 0;
    if (small || intValue === undefined) format = 'DecimalSI';
    else {
      let n = intValue;
      let e = 0;
      while (n % 1024n === 0n && e < 6) {
        n /= 1024n;
        e += 1;
      }
      return `${n}${BINARY_SUFFIX.get(e) ?? ''}`;
    }
  }
  let m = q.mantissa;
  let e = q.exp;
  while (m % 10n === 0n) {
    m /= 10n;
    e += 1;
  }
  while (e % 3 !== 0) {
    m *= 10n;
    e -= 1;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  const suffix = DECIMAL_SUFFIX.get(e);
  return suffix === undefined ? `${m}e${e}` : `${m}${suffix}`;
}

function integerValue(q: Quantity): bigint | undefined {
  if (q.exp >= 0) return q.mantissa * 10n ** BigInt(q.exp);
  const div = 10n ** BigInt(-q.exp);
  return q.mantissa % div === 0n ? q.mantissa / div : undefined;
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const e = Math.min(a.exp, b.exp);
  const x = a.mantissa * 10n ** BigInt(a.exp - e);
  const y = b.mantissa * 10n ** BigInt(b.exp - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The canonical text of a quantity, or the input untouched when it does not parse. */
export function canonicalQuantity(v: unknown, milli = false): unknown {
  const q = parseQuantity(v);
  if (!q) return v;
  return formatQuantity(milli ? roundUp(q, -3) : q);
}

/** Canonicalizes every value of a ResourceList in place (SetDefaults_ResourceList). */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return;
  const rec = list as Record<string, unknown>;
  for (const k of Object.keys(rec)) rec[k] = canonicalQuantity(rec[k], true);
}
