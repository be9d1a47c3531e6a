import { describe, expect, it } from 'vitest';
import { diffObject } from '../../../src/core/diff/diff-object.js';
import { canonicalQuantity } from '../../../src/core/quantity.js';
import { DEPLOYMENT_DESIRED, DEPLOYMENT_LIVE, SERVICE_DESIRED, SERVICE_LIVE, yaml } from './fixtures.js';
import { applyDiffPatch, edited } from './helpers.js';

const C = '/spec/template/spec/containers/0';

describe('lists of maps compare by merge key, not by index', () => {
  it.each([
    ['env reordered', [{ op: 'move', from: `${C}/env/0`, path: `${C}/env/1` }]],
    [
      'a sidecar injected by a webhook',
      [
        {
          op: 'add',
          path: '/spec/template/spec/containers/-',
          value: { name: 'istio-proxy', image: 'istio/proxyv2:1.24' },
        },
      ],
    ],
    [
      'containers reordered with an injected init container',
      [
        {
          op: 'add',
          path: '/spec/template/spec/containers/0',
          value: { name: 'istio-proxy', image: 'istio/proxyv2:1.24' },
        },
        {
          op: 'add',
          path: '/spec/template/spec/initContainers',
          value: [{ name: 'istio-init', image: 'istio/proxyv2:1.24' }],
        },
      ],
    ],
    [
      'a volume mount added by another controller',
      [{ op: 'add', path: `${C}/volumeMounts/0`, value: { name: 'token', mountPath: '/var/run/secrets/token' } }],
    ],
  ])('%s is not drift', (_name, ops) => {
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: edited(DEPLOYMENT_LIVE, ops) }).status).toBe('Synced');
  });

  it('a changed item is addressed by its key, and the patch uses its real live index', () => {
    const live = edited(DEPLOYMENT_LIVE, [
      { op: 'replace', path: `${C}/env/1/value`, value: 'debug' }, // LOG_LEVEL is second live, first in Git
    ]);
    const diff = diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live });
    expect(diff.changes.map((c) => c.path)).toEqual([
      'spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value',
    ]);
    expect(diff.patch).toEqual([{ op: 'replace', path: `${C}/env/1/value`, value: 'info' }]);
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: applyDiffPatch(live, diff.patch) }).status).toBe(
      'Synced',
    );
  });

  it('Service ports are keyed by port, container ports by containerPort', () => {
    const live = edited(SERVICE_LIVE, [
      { op: 'add', path: '/spec/ports/0', value: { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 } },
      { op: 'replace', path: '/spec/ports/1/targetPort', value: 'http' },
    ]);
    const diff = diffObject({ desired: yaml(SERVICE_DESIRED), live });
    expect(diff.changes.map((c) => c.explanation)).toEqual(['spec.ports[port=80].targetPort: 8080 in Git, http live']);
  });
});

describe('quantities compare by value', () => {
  it.each([
    ['1000m', '1', true],
    ['1Gi', '1024Mi', true],
    ['0.5', '500m', true],
    ['1e3', '1k', true],
    ['1G', '1Gi', false],
    ['100m', '0.1', true],
    ['2', '1', false],
  ])('%s vs %s: equal=%s', (a, b, equal) => {
    expect(canonicalQuantity(a) === canonicalQuantity(b)).toBe(equal);
  });

  it('resources spelled differently live are Synced; a real change is OutOfSync', () => {
    const R = `${C}/resources`;
    const respelled = edited(DEPLOYMENT_LIVE, [
      { op: 'replace', path: `${R}/limits/cpu`, value: '1000m' },
      { op: 'replace', path: `${R}/limits/memory`, value: '1024Mi' },
      { op: 'replace', path: `${R}/requests/cpu`, value: '0.25' },
      { op: 'replace', path: '/spec/template/spec/volumes/0/emptyDir/sizeLimit', value: '0.5Gi' },
    ]);
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: respelled }).status).toBe('Synced');
    const changed = edited(DEPLOYMENT_LIVE, [{ op: 'replace', path: `${R}/limits/memory`, value: '2Gi' }]);
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: changed }).changes.map((c) => c.path)).toEqual([
      'spec.template.spec.containers[name=web].resources.limits.memory',
    ]);
  });

  it('IntOrString keeps numbers and numeric strings distinct', () => {
    const live = edited(SERVICE_LIVE, [{ op: 'replace', path: '/spec/ports/0/targetPort', value: '8080' }]);
    expect(diffObject({ desired: yaml(SERVICE_DESIRED), live }).status).toBe('OutOfSync');
  });
});
