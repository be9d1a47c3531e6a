import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture, report } from './fixture-files.js';

describe('errors in Applications and the app graph', () => {
  const snapshot = loadSnapshot(readFixture('broken-apps'), { validator: createFakeValidator() });

  it('are all reported at once, sorted, each at its exact position', () => {
    expect(report(snapshot)).toEqual([
      'apps/Bad_Name/config.yaml:1:1: application name "Bad_Name" must be lowercase letters, digits and "-", starting and ending with a letter or digit [invalid-app-name]',
      'apps/a/app.yaml:4:20: dependency cycle between applications: a -> b -> c -> a [dependency-cycle]',
      'apps/db/app.yaml:6:15: dependency cycle between applications: db -> web -> db [dependency-cycle]',
      'apps/db/app.yaml:8:1: app.yaml holds exactly one document: the Application [misplaced-kind]',
      'apps/db/extra.yaml:2:7: an Application belongs in apps/<app>/app.yaml, and only there [misplaced-kind]',
      'apps/old/app.yaml:1:13: unsupported apiVersion "sextant.dev/v1" (Sextant reads sextant.dev/v1alpha1) [invalid-value]',
      "apps/ops/app.yaml:2:7: app.yaml holds the app's Application (sextant.dev/v1alpha1), not a Deployment; put it in another file of the app [misplaced-kind]",
      'apps/self/app.yaml:4:20: dependency cycle between applications: self -> self [dependency-cycle]',
      'apps/stray.yaml:1:1: a file directly under apps/ belongs to no application; move it to apps/<app>/ [stray-file]',
      'apps/web/app.yaml:4:9: Application is named "webapp" but lives in apps/web/: metadata.name must be "web" [name-mismatch]',
      'apps/web/app.yaml:6:14: spec.namespace: "Web" is not a valid name (lowercase letters, digits and "-", at most 63 characters) [invalid-value]',
      'apps/web/app.yaml:7:19: dependsOn names unknown application "cache" [unknown-app]',
      'apps/web/app.yaml:9:5: unknown field "automatd" in spec.syncPolicy (did you mean "automated"?) [unknown-field]',
      'apps/web/app.yaml:10:12: spec.syncPolicy.prune: expected boolean, got string [wrong-type]',
      'apps/web/app.yaml:12:14: spec.syncPolicy.retry.limit: must be at least 0 [invalid-value]',
      'apps/web/app.yaml:13:27: spec.syncPolicy.retry.backoff.duration: "5 seconds" is not a duration (use forms like 30s, 5m, 1h30m) [invalid-value]',
      'apps/web/app.yaml:13:46: spec.syncPolicy.retry.backoff.factor: must be at least 1 [invalid-value]',
      'apps/web/app.yaml:15:7: missing required field "spec.ignoreDifferences[0].jsonPointers" [missing-field]',
      'apps/web/app.yaml:16:17: spec.historyLimit: expected integer, got string [wrong-type]',
      'apps/web/app.yaml:17:1: unknown field "status" [unknown-field]',
      'policies/app.yaml:2:7: an Application belongs in apps/<app>/app.yaml [misplaced-kind]',
    ]);
  });

  it('still lists every app, cycles last', () => {
    expect(snapshot.apps.map((a) => a.name)).toEqual(['Bad_Name', 'old', 'ops', 'a', 'b', 'c', 'db', 'self', 'web']);
  });

  it('reads what it can of a faulty app.yaml', () => {
    const web = snapshot.apps.find((a) => a.name === 'web');
    expect(web?.spec.dependsOn).toEqual(['db', 'cache']);
    expect(web?.spec.syncPolicy.prune).toBe(true); // "yes" is an error, not a value
  });
});
