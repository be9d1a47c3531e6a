import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture, report } from './fixture-files.js';

describe('errors in plain Kubernetes resources', () => {
  const snapshot = loadSnapshot(readFixture('broken-resources'), { validator: createFakeValidator() });

  it('are all reported at once, sorted, each at its exact position', () => {
    expect(report(snapshot)).toEqual([
      'apps/api/configmap.yaml:14:7: spec.ports[0].port: required field "port" is missing [missing-field]',
      'apps/web/configmaps.yaml:1:1: ConfigMap "shared/settings" is declared twice: at apps/api/configmap.yaml:2:1 and at apps/web/configmaps.yaml:1:1 [duplicate-object]',
      'apps/web/configmaps.yaml:8:1: ConfigMap "shared/settings" is declared twice: at apps/api/configmap.yaml:2:1 and at apps/web/configmaps.yaml:8:1 [duplicate-object]',
      'apps/web/deployment.yaml:4:3: Deployment "web" is namespaced, but it sets no metadata.namespace and app "web" sets no spec.namespace [missing-namespace]',
      'apps/web/deployment.yaml:6:3: spec.selector: required field "selector" is missing [missing-field]',
      'apps/web/deployment.yaml:6:13: spec.replicas: expected integer, got string [wrong-type]',
      'apps/web/deployment.yaml:11:11: spec.template.spec.containers[0].imagee: unknown field "imagee" [unknown-field]',
      'apps/web/headers.yaml:1:1: missing required field "apiVersion" [missing-field]',
      'apps/web/headers.yaml:5:7: kind: expected string [wrong-type]',
      'apps/web/headers.yaml:8:1: missing required field "metadata.name" [missing-field]',
      'apps/web/headers.yaml:14:3: missing required field "metadata.name" [missing-field]',
      'apps/web/headers.yaml:19:9: metadata.name must not be empty [invalid-value]',
      'apps/web/headers.yaml:24:11: metadata: expected mapping [wrong-type]',
      'apps/web/kinds.yaml:2:7: Kubernetes has no kind "Deploymnet" in apps/v1 [unknown-kind]',
      'apps/web/kinds.yaml:6:7: a Workflow belongs under workflows/, not in an application [misplaced-kind]',
      'apps/web/kinds.yaml:10:7: a Policy belongs under policies/, not in an application [misplaced-kind]',
      'apps/web/kinds.yaml:14:7: unknown Sextant kind "Rollout" [unknown-kind]',
      'apps/web/kinds.yaml:17:13: unsupported apiVersion "sextant.dev/v2" (Sextant reads sextant.dev/v1alpha1) [invalid-value]',
      'apps/web/kinds.yaml:23:37: metadata.namespace: "Team_A" is not a valid name (lowercase letters, digits and "-", at most 63 characters) [invalid-value]',
      'apps/web/kinds.yaml:28:5: items[0]: expected mapping [wrong-type]',
      'apps/web/kinds.yaml:30:11: a List cannot contain another List [invalid-value]',
      'apps/web/kinds.yaml:34:15: ConfigMap "listed" is namespaced, but it sets no metadata.namespace and app "web" sets no spec.namespace [missing-namespace]',
    ]);
  });
});
