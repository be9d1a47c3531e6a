import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {status: {}}
      additionalPrinterColumns:
        - {name: Size, type: integer, jsonPath: .spec.size}
        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
                color: {type: string, enum: [red, blue]}
            status:
              type: object
              properties:
                ready: {type: boolean}
`;

function file(name: string, text: string): string {
  const p = path.join(sb.dir, name);
  fs.writeFileSync(p, text);
  return p;
}

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

describe('CustomResourceDefinitions', () => {
  it('serves a new resource once its CRD is established', async () => {
    expect((await kubectl(['apply', '-f', file('crd.yaml', CRD)])).stdout.trim()).toBe(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
    );
    const wait = await kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    expect(wait.code).toBe(0);
    const w = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: default\nspec:\n  size: 3\n  color: red\n`;
    const created = await kubectl(['apply', '-f', file('w1.yaml', w)]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('widget.example.com/w1 created');
    const get = await kubectl(['get', 'wg']);
    expect(get.stdout).toMatch(/^NAME\s+SIZE\s+AGE$/m);
    expect(get.stdout).toMatch(/^w1\s+3\s+\d+s$/m);
  });

  it('validates custom objects against the CRD schema', async () => {
    const bad = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w2\n  namespace: default\nspec:\n  size: 0\n  color: green\n`;
    const r = await kubectl(['apply', '-f', file('w2.yaml', bad)]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.size');
    expect(r.stderr).toContain('spec.color');
  });

  it('removes the custom objects with their definition', async () => {
    await kubectl(['delete', 'crd', 'widgets.example.com']);
    const r = await kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets']);
    expect(r.code).not.toBe(0);
  });
});
