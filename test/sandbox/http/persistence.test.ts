import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox/sandbox.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-data-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sandbox --data', () => {
  it('keeps every acknowledged write across a restart, and resourceVersions keep increasing', async () => {
    const first = await startSandbox({ dataDir: dir, controllers: false });
    const CM = `${first.url}/api/v1/namespaces/default/configmaps`;
    for (let i = 0; i < 20; i++) {
      const r = await fetch(CM, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { name: `c${i}` }, data: { i: String(i) } }),
      });
      expect(r.status).toBe(201);
    }
    await fetch(`${CM}/c3`, { method: 'DELETE' });
    const before = (await (await fetch(CM)).json()) as { metadata: { resourceVersion: string } };
    await first.stop();

    const second = await startSandbox({ dataDir: dir, controllers: false });
    try {
      const list = (await (await fetch(`${second.url}/api/v1/namespaces/default/configmaps`)).json()) as {
        items: { metadata: { name: string } }[];
        metadata: { resourceVersion: string };
      };
      const names = list.items.map((i) => i.metadata.name);
      expect(names).toHaveLength(19);
      expect(names).not.toContain('c3');
      expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(before.metadata.resourceVersion));
      const r = await fetch(`${second.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'after' } }),
      });
      const created = (await r.json()) as { metadata: { resourceVersion: string } };
      expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    } finally {
      await second.stop();
    }
  });
});
