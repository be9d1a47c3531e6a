import { describe, expect, it } from 'vitest';
import { checkDuration, checkJsonPointer, parseDuration } from '../../../src/core/manifests/formats.js';
import { checkQuantity } from '../../../src/core/quantity.js';
import { checkAppName, placeFile } from '../../../src/core/manifests/layout.js';

describe('where a file belongs', () => {
  it.each([
    ['apps/web/app.yaml', { area: 'app-spec', app: 'web' }],
    ['apps/web/deploy.yaml', { area: 'app-resources', app: 'web' }],
    ['apps/web/app.yml', { area: 'app-resources', app: 'web' }], // only app.yaml is the Application
    ['apps/web/nested/deep/cm.JSON', { area: 'app-resources', app: 'web' }],
    ['apps/web/sub/app.yaml', { area: 'app-resources', app: 'web' }],
    ['apps/web/README.md', { area: 'app-other', app: 'web' }],
    ['apps/web/.hidden/x.yaml', { area: 'ignored' }],
    ['apps/README.md', { area: 'ignored' }],
    ['workflows/build.yaml', { area: 'workflows' }],
    ['workflows/ci/nightly.yml', { area: 'workflows' }],
    ['policies/platform.json', { area: 'policies' }],
    ['policies/notes.txt', { area: 'ignored' }],
    ['workflows.yaml', { area: 'ignored' }],
    ['stray.yaml', { area: 'ignored' }],
    ['docs/example.yaml', { area: 'ignored' }],
    ['.github/workflows/ci.yaml', { area: 'ignored' }],
  ])('%s', (path, placement) => {
    expect(placeFile(path)).toEqual(placement);
  });

  it('reports a manifest directly under apps/', () => {
    expect(placeFile('apps/web.yaml')).toMatchObject({ area: 'stray' });
  });

  it('wants app names usable as Kubernetes names', () => {
    expect(checkAppName('web-2')).toBeUndefined();
    expect(checkAppName('Web')).toMatch(/lowercase/);
    expect(checkAppName('-web')).toMatch(/lowercase/);
    expect(checkAppName('a'.repeat(64))).toMatch(/longer than 63/);
  });
});

describe('value formats', () => {
  it('reads Go durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
    for (const bad of ['', '5', '5 s', '-1s', 'PT5M', '1d']) expect(checkDuration(bad), bad).toBeDefined();
  });

  it('reads Kubernetes quantities', () => {
    for (const good of ['500m', '2', '4Gi', '1.5', '1e3', 40])
      expect(checkQuantity(good), String(good)).toBeUndefined();
    for (const bad of ['lots', '4GB', '', '1.2.3', -1]) expect(checkQuantity(bad), String(bad)).toBeDefined();
  });

  it('reads JSON pointers', () => {
    for (const good of ['', '/spec/replicas', '/metadata/annotations/a~1b'])
      expect(checkJsonPointer(good)).toBeUndefined();
    for (const bad of ['spec/replicas', '/a~2b', '/a~']) expect(checkJsonPointer(bad)).toBeDefined();
  });
});
