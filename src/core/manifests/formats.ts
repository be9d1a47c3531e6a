/**
 * The value formats Sextant's own kinds use: Go-style durations ("5s", "1h30m"), Kubernetes
 * quantities ("500m", "2Gi"), RFC 1123 labels (namespaces) and JSON pointers (ignoreDifferences).
 */

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds in a Go duration string such as "1h30m" or "500ms"; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (!match) return undefined;
    const [, amount = '', unit = ''] = match;
    total += Number(amount) * (DURATION_UNITS_MS[unit] ?? Number.NaN);
    index = part.lastIndex;
  }
  return text.length > 0 && Number.isFinite(total) ? total : undefined;
}

export function checkDuration(text: string): string | undefined {
  return parseDuration(text) === undefined ? `"${text}" is not a duration (use forms like 30s, 5m, 1h30m)` : undefined;
}

export function checkDnsLabel(text: string): string | undefined {
  if (text.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text)) return undefined;
  return `"${text}" is not a valid name (lowercase letters, digits and "-", at most 63 characters)`;
}

export function checkJsonPointer(text: string): string | undefined {
  if (text === '' || (text.startsWith('/') && !/~[^01]|~$/.test(text))) return undefined;
  return `"${text}" is not a JSON pointer (it starts with "/", e.g. /spec/replicas)`;
}
