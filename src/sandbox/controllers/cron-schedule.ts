/**
 * Standard 5-field cron schedules as the CronJob controller reads them (robfig/cron's
 * ParseStandard): ranges, steps, lists, month and weekday names, the @hourly-style macros, an
 * optional CRON_TZ= prefix, and the day rule (day-of-month OR day-of-week when both are given).
 */

export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
  timeZone?: string;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function value(s: string, names: string[] | undefined, offset: number): number {
  const i = names?.indexOf(s.toLowerCase()) ?? -1;
  if (i >= 0) return i + offset;
  if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function field(expr: string, min: number, max: number, names?: string[], offset = 0): Set<number> {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : value(stepText, undefined, 0);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [lo, hi] = [value(a, names, offset), value(b, names, offset)];
    } else {
      lo = value(range, names, offset);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi || step < 1)
      throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(spec: string, timeZone?: string): CronSchedule {
  let expr = spec.trim();
  let tz = timeZone;
  const m = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (m?.[1] && m[2] !== undefined) [tz, expr] = [m[1], m[2].trim()];
  expr = MACROS[expr] ?? expr;
  const parts = expr.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: ${expr}`);
  const [mi = '', h = '', dom = '', mon = '', dow = ''] = parts;
  const days = field(dow, 0, 7, DAYS);
  if (days.has(7)) days.add(0);
  if (tz) new Intl.DateTimeFormat('en-US', { timeZone: tz }); // throws RangeError for an unknown zone
  return {
    minute: field(mi, 0, 59),
    hour: field(h, 0, 23),
    dom: field(dom, 1, 31),
    month: field(mon, 1, 12, MONTHS, 1),
    dow: days,
    domStar: dom.startsWith('*') || dom.startsWith('?'),
    dowStar: dow.startsWith('*') || dow.startsWith('?'),
    ...(tz ? { timeZone: tz } : {}),
  };
}

interface Wall {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(t: number, tz: string | undefined): Wall {
  const d = new Date(t);
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') {
    return {
      minute: d.getUTCMinutes(),
      hour: d.getUTCHours(),
      day: d.getUTCDate(),
      month: d.getUTCMonth() + 1,
      weekday: d.getUTCDay(),
    };
  }
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour) % 24,
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3)),
  };
}

function dayMatches(s: CronSchedule, w: Wall): boolean {
  const dom = s.dom.has(w.day);
  const dow = s.dow.has(w.weekday);
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

const MINUTE = 60_000;

/** The first scheduled minute strictly after `after` (ms), searching up to five years ahead. */
export function nextAfter(s: CronSchedule, after: number): number | undefined {
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const w = wallClock(t, s.timeZone);
    if (!s.month.has(w.month) || !dayMatches(s, w)) t += (24 * 60 - w.hour * 60 - w.minute) * MINUTE;
    else if (!s.hour.has(w.hour)) t += (60 - w.minute) * MINUTE;
    else if (!s.minute.has(w.minute)) t += MINUTE;
    else return t;
  }
  return undefined;
}

/** The latest scheduled minute in (from, to], if any: the run a controller owes. */
export function mostRecent(s: CronSchedule, from: number, to: number): number | undefined {
  let last: number | undefined;
  let n = 0;
  for (let t = nextAfter(s, from); t !== undefined && t <= to && n < 100_000; t = nextAfter(s, t), n++) last = t;
  return last;
}
