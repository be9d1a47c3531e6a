import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture, report } from './fixture-files.js';

describe('errors in Policy documents', () => {
  const snapshot = loadSnapshot(readFixture('broken-policies'), { validator: createFakeValidator() });

  it('are all reported at once, sorted, each at its exact position', () => {
    expect(report(snapshot)).toEqual([
      'policies/a.yaml:7:27: spec.quotas[0].scope.namespaces: expected list, got string [wrong-type]',
      'policies/a.yaml:8:50: spec.quotas[0].hard.requests.memory: "lots" is not a quantity (use forms like 500m, 2, 4Gi) [invalid-value]',
      'policies/a.yaml:9:7: missing required field "spec.quotas[1].hard" [missing-field]',
      'policies/a.yaml:9:7: missing required field "spec.quotas[1].name" [missing-field]',
      'policies/a.yaml:14:30: invalid cron schedule "61 * * * *": minute value 61 is out of range 0-59 [invalid-schedule]',
      'policies/a.yaml:14:68: unknown time zone "Mars/Olympus" (use an IANA name such as UTC or Europe/Paris) [invalid-time-zone]',
      'policies/a.yaml:15:30: invalid cron schedule "0 0 30 2 *": the day of month never occurs in the chosen months, so the schedule never fires [invalid-schedule]',
      'policies/a.yaml:16:14: spec.syncWindows[2].kind: "sometimes" is not one of "allow", "deny" [invalid-value]',
      'policies/a.yaml:16:35: invalid cron schedule "@fortnightly": unknown macro "@fortnightly" (use one of @yearly, @monthly, @weekly, @daily, @hourly, @minutely, @secondly, @weekdays, @weekends) [invalid-schedule]',
      'policies/a.yaml:16:61: spec.syncWindows[2].duration: "forever" is not a duration (use forms like 30s, 5m, 1h30m) [invalid-value]',
      'policies/a.yaml:16:82: spec.syncWindows[2].manualSync: expected boolean, got string [wrong-type]',
      'policies/a.yaml:17:7: missing required field "spec.syncWindows[3].schedule" [missing-field]',
      'policies/a.yaml:19:31: spec.gates[0].approval: "automatic" is not one of "manual" [invalid-value]',
      'policies/a.yaml:20:3: unknown field "budgets" in spec [unknown-field]',
      'policies/b.yaml:6:7: quota "team" is also declared, differently, at policies/a.yaml:6:7 [policy-conflict]',
      'policies/b.yaml:10:7: namespace "team-a" is also declared, differently, at policies/a.yaml:11:7 [policy-conflict]',
      'policies/b.yaml:13:7: namespace "team-b" is also declared, differently, at policies/b.yaml:12:7 [policy-conflict]',
      'policies/c.yaml:1:1: Policy "a" is declared twice: at policies/a.yaml:1:1 and at policies/c.yaml:1:1 [duplicate-object]',
      'policies/d.yaml:2:7: policies/ holds only Policy documents (sextant.dev/v1alpha1); plain Kubernetes objects belong under apps/<app>/ [misplaced-kind]',
      'policies/d.yaml:5:1: missing required field "spec" [missing-field]',
    ]);
  });
});
