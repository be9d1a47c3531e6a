import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture, report } from './fixture-files.js';

describe('errors in YAML a manifest cannot be read from', () => {
  const snapshot = loadSnapshot(readFixture('broken-yaml'), { validator: createFakeValidator() });

  it('are all reported at once, sorted, each at its exact position', () => {
    expect(report(snapshot)).toEqual([
      'apps/bad/complex-key.yaml:5:3: mapping keys must be scalars [yaml-syntax]',
      'apps/bad/deep.json:2:137: nesting deeper than 128 levels [too-deep]',
      'apps/bad/duplicate-key.yaml:5:3: duplicate key: mapping keys must be unique [duplicate-key]',
      'apps/bad/latin1.yaml:1:1: file is not valid UTF-8 [encoding]',
      'apps/bad/laughs.yaml:1:1: too many alias expansions (a "billion laughs" document?) [yaml-alias]',
      'apps/bad/not-a-map.yaml:2:1: a manifest must be a mapping with apiVersion, kind and metadata, not a list [not-a-map]',
      'apps/bad/not-a-map.yaml:5:1: a manifest must be a mapping with apiVersion, kind and metadata, not a string [not-a-map]',
      'apps/bad/numbers.yaml:7:10: numbers must be finite (.inf and .nan have no JSON form) [invalid-value]',
      'apps/bad/syntax.yaml:6:1: Flow map in block collection must be sufficiently indented and end with a } [yaml-syntax]',
      'apps/bad/tags.yaml:6:8: unsupported tag !!js/function: custom and language-specific tags are not allowed [yaml-tag]',
      'apps/bad/tags.yaml:7:10: unsupported tag !custom: custom and language-specific tags are not allowed [yaml-tag]',
      'apps/bad/tags.yaml:8:10: unsupported tag !!binary: custom and language-specific tags are not allowed [yaml-tag]',
    ]);
  });

  it('still reads the good documents of a file with bad ones', () => {
    const app = snapshot.apps.find((a) => a.name === 'bad');
    expect(app?.resources.map((r) => `${r.kind} ${r.namespace}/${r.name}`)).toEqual(['ConfigMap default/fine']);
  });
});
