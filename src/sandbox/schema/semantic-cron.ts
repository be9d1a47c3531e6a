/**
 * CronJob schedule and time-zone checks: robfig/cron v3's standard parser (what kube uses),
 * reduced to the error texts it returns, and the IANA zone check behind spec.timeZone.
 */
import type { StatusCause } from '../errors.js';
import { goQuote, invalid } from './semantic-errors.js';

export function validateTimeZone(tz: string): StatusCause[] {
  const p = 'spec.timeZone';
  if (tz === '') return [invalid(p, goQuote(tz), 'timeZone must be nil or non-empty string')];
  if (
    tz
      .split('/')
      .some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))
  )
    return [invalid(p, goQuote(tz), `unknown time zone ${tz}`)];
  const out: StatusCause[] = [];
  if (tz.toLowerCase() === 'local')
    out.push(
      invalid(p, goQuote(tz), 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'),
    );
  if (tz !== 'Local' && !isKnownTimeZone(tz)) out.push(invalid(p, goQuote(tz), `unknown time zone ${tz}`));
  return out;
}

/** Whether the IANA database (here: the one Node ships) knows the zone, like time.LoadLocation. */
function isKnownTimeZone(tz: string): boolean {
  if (tz === '' || tz.toLowerCase() === 'local' || tz.includes(' ')) return false;
  if (tz === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const FIELDS: { min: number; max: number; names?: string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** robfig/cron v3 ParseStandard: the error text it returns, or undefined when the spec parses. */
export function parseCronError(schedule: string): string | undefined {
  let spec = schedule.trim();
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, i < 0 ? undefined : i);
    if (!isKnownTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith('@every '))
      return /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))*$/.test(spec.slice(7).trim())
        ? undefined
        : `failed to parse duration ${spec}: time: invalid duration "${spec.slice(7).trim()}"`;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const def = FIELDS[i];
    const field = fields[i];
    if (!def || field === undefined) continue;
    for (const expr of field.split(',')) {
      const err = checkCronRange(expr, def, i === 2 || i === 4);
      if (err) return err;
    }
  }
  return undefined;
}

function checkCronRange(
  expr: string,
  def: { min: number; max: number; names?: string[] },
  allowQuestion: boolean,
): string | undefined {
  const [range = '', step] = expr.split('/');
  if (expr.split('/').length > 2) return `too many slashes: ${expr}`;
  const value = (s: string): number | string => {
    const named = def.names?.indexOf(s.toLowerCase()) ?? -1;
    if (named >= 0) return named + def.min;
    if (!/^\d+$/.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
    return Number(s);
  };
  let lo = def.min;
  let hi = def.max;
  if (range !== '*' && !(allowQuestion && range === '?')) {
    const parts = range.split('-');
    if (parts.length > 2) return `too many hyphens: ${expr}`;
    const a = value(parts[0] ?? '');
    if (typeof a === 'string') return a;
    lo = a;
    hi = a;
    if (parts.length === 2) {
      const b = value(parts[1] ?? '');
      if (typeof b === 'string') return b;
      hi = b;
    }
  }
  if (step !== undefined) {
    const s = value(step);
    if (typeof s === 'string') return s;
    if (s === 0) return `step of range should be a positive number: ${expr}`;
  }
  if (lo < def.min) return `beginning of range (${lo}) below minimum (${def.min}): ${expr}`;
  if (hi > def.max) return `end of range (${hi}) above maximum (${def.max}): ${expr}`;
  if (lo > hi) return `beginning of range (${lo}) beyond end of range (${hi}): ${expr}`;
  return undefined;
}
