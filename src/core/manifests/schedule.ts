/**
 * Checks cron schedules and time zones without the `cron` package (core stays pure). The grammar
 * accepted is a subset of what the `cron` package that runs the schedules accepts, so a schedule
 * that passes here never fails at run time: 5 fields (minute first) or 6 (second first), `*`,
 * numbers, ranges, steps, lists, JAN-DEC and SUN-SAT names, and the @yearly... macros.
 */

const MACROS = [
  '@yearly',
  '@monthly',
  '@weekly',
  '@daily',
  '@hourly',
  '@minutely',
  '@secondly',
  '@weekdays',
  '@weekends',
] as const;

interface FieldRule {
  name: string;
  low: number;
  high: number;
  names?: readonly string[]; // names[i] stands for low + i
}

const SECOND: FieldRule = { name: 'second', low: 0, high: 59 };
const MINUTE: FieldRule = { name: 'minute', low: 0, high: 59 };
const HOUR: FieldRule = { name: 'hour', low: 0, high: 23 };
const DAY_OF_MONTH: FieldRule = { name: 'day of month', low: 1, high: 31 };
const MONTH: FieldRule = {
  name: 'month',
  low: 1,
  high: 12,
  names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
};
const DAY_OF_WEEK: FieldRule = {
  name: 'day of week',
  low: 0,
  high: 7, // 0 and 7 are both Sunday
  names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a cron expression is invalid, or undefined when it is valid. */
export function checkCronExpression(expression: string): string | undefined {
  const source = expression.trim().toLowerCase();
  if (source === '') return 'empty cron expression';
  if (source.startsWith('@')) {
    return (MACROS as readonly string[]).includes(source)
      ? undefined
      : `unknown macro "${expression.trim()}" (use one of ${MACROS.join(', ')})`;
  }
  const fields = source.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), not ${fields.length}`;
  }
  const rules =
    fields.length === 6
      ? [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK]
      : [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK];
  const sets: Set<number>[] = [];
  for (const [i, field] of fields.entries()) {
    const rule = rules[i] ?? SECOND;
    const parsed = expandField(field, rule);
    if (typeof parsed === 'string') return parsed;
    sets.push(parsed);
  }
  // With a day-of-week restriction the days combine with OR, so only an unrestricted one can never fire.
  const days = sets[sets.length - 3];
  const months = sets[sets.length - 2];
  if (days && months && fields[fields.length - 1] === '*' && !canMatchSomeDay(days, months)) {
    return 'the day of month never occurs in the chosen months, so the schedule never fires';
  }
  return undefined;
}

function expandField(field: string, rule: FieldRule): Set<number> | string {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const match = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/.exec(item);
    if (!match) return `${rule.name} field "${field}" cannot be parsed`;
    const [, first = '', last, stepText] = match;
    if (first === '*' && last !== undefined) return `${rule.name} field "${field}": "*" cannot start a range`;
    const low = first === '*' ? rule.low : readValue(first, rule);
    if (typeof low === 'string') return low;
    let high = first === '*' || (last === undefined && stepText !== undefined) ? rule.high : low;
    if (last !== undefined) {
      const value = readValue(last, rule);
      if (typeof value === 'string') return value;
      high = value;
    }
    if (low > high) return `${rule.name} range ${item} runs backwards`;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step === 0) return `${rule.name} field "${field}" has a step of zero`;
    for (let v = low; v <= high; v += step) values.add(rule === DAY_OF_WEEK && v === 7 ? 0 : v);
  }
  return values;
}

function readValue(text: string, rule: FieldRule): number | string {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < rule.low || value > rule.high) {
      return `${rule.name} value ${text} is out of range ${rule.low}-${rule.high}`;
    }
    return value;
  }
  const index = rule.names?.indexOf(text) ?? -1;
  if (index < 0) {
    return rule.names
      ? `unknown ${rule.name} name "${text}" (use ${rule.names.join(', ')} or numbers)`
      : `${rule.name} value "${text}" is not a number`;
  }
  return rule.low + index;
}

function canMatchSomeDay(days: Set<number>, months: Set<number>): boolean {
  for (const month of months) {
    const length = DAYS_IN_MONTH[month - 1] ?? 31;
    for (const day of days) if (day <= length) return true;
  }
  return false;
}

/** Whether the runtime knows an IANA time zone (Intl is pure: no clock, no I/O). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
