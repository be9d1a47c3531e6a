import { validateCronExpression } from 'cron';
import { describe, expect, it } from 'vitest';
import { checkCronExpression, isValidTimeZone } from '../../../src/core/manifests/schedule.js';

const VALID = [
  '* * * * *',
  '0 22 * * *',
  '*/15 * * * *',
  '0 9-17/2 * * 1-5',
  '30 2 * * MON-FRI',
  '0 0 1 jan,jul *',
  '0 0 * * 0,7',
  '5/10 * * * *',
  '0 0 29 2 *', // leap years only, but it does fire
  '*/30 * * * * *', // six fields: seconds first
  '0 0 12 * * sun',
  '  0 3 * * *  ',
  '@daily',
  '@weekdays',
  '@YEARLY',
];

const INVALID: [string, string][] = [
  ['', 'empty cron expression'],
  [
    '0 3 * *',
    'a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), not 4',
  ],
  [
    '0 0 0 0 0 0 0',
    'a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), not 7',
  ],
  ['61 * * * *', 'minute value 61 is out of range 0-59'],
  ['0 24 * * *', 'hour value 24 is out of range 0-23'],
  ['0 0 0 * *', 'day of month value 0 is out of range 1-31'],
  ['0 0 * 13 *', 'month value 13 is out of range 1-12'],
  ['0 0 * * 8', 'day of week value 8 is out of range 0-7'],
  ['0 17-9 * * *', 'hour range 17-9 runs backwards'],
  ['*/0 * * * *', 'minute field "*/0" has a step of zero'],
  ['0 0 * * funday', 'unknown day of week name "funday" (use sun, mon, tue, wed, thu, fri, sat or numbers)'],
  [
    '0 0 * mon *',
    'unknown month name "mon" (use jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec or numbers)',
  ],
  ['0 0 ? * *', 'day of month field "?" cannot be parsed'],
  ['0 0 L * *', 'day of month value "l" is not a number'],
  ['*-5 * * * *', 'minute field "*-5": "*" cannot start a range'],
  ['0 0 30 2 *', 'the day of month never occurs in the chosen months, so the schedule never fires'],
  ['0 0 31 4,6,9,11 *', 'the day of month never occurs in the chosen months, so the schedule never fires'],
  [
    '@fortnightly',
    'unknown macro "@fortnightly" (use one of @yearly, @monthly, @weekly, @daily, @hourly, @minutely, @secondly, @weekdays, @weekends)',
  ],
  [
    '@every 5m',
    'unknown macro "@every 5m" (use one of @yearly, @monthly, @weekly, @daily, @hourly, @minutely, @secondly, @weekdays, @weekends)',
  ],
];

describe('cron expressions', () => {
  it.each(VALID)('accepts %j', (expression) => {
    expect(checkCronExpression(expression)).toBeUndefined();
  });

  it.each(INVALID)('refuses %j', (expression, reason) => {
    expect(checkCronExpression(expression)).toBe(reason);
  });

  it('accepts nothing that the cron package, which runs the schedules, would refuse', () => {
    for (const expression of [...VALID, ...INVALID.map(([e]) => e)]) {
      if (checkCronExpression(expression) === undefined)
        expect(validateCronExpression(expression).valid, expression).toBe(true);
    }
  });
});

describe('time zones', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'Europe/Pariss', ' UTC', '+01:00'])('refuses %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
