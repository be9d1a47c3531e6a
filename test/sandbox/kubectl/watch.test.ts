import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor, kubectlStream } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kubectl get --watch', () => {
  it('streams changes as table rows until stopped', async () => {
    await kubectl(['create', 'configmap', 'first', '--from-literal=a=1']);
    const w = kubectlStream(sb.kubeconfigPath, ['get', 'configmaps', '--watch']);
    await until(() => w.output().includes('first'));
    await kubectl(['create', 'configmap', 'second', '--from-literal=a=1']);
    await until(() => w.output().includes('second'));
    await w.stop();
    const lines = w.output().trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(lines.filter((l) => /^NAME/.test(l))).toHaveLength(1);
    expect(w.output()).toMatch(/^second\s+1\s+\d+s$/m);
  });

  it('answers 410 Gone for a resourceVersion older than the watch cache', async () => {
    const small = await startTestSandbox({ watchCacheSize: 5, controllers: false });
    try {
      const k = kubectlFor(small.kubeconfigPath);
      for (let i = 0; i < 10; i++) await k(['create', 'configmap', `c${i}`]);
      const r = await fetch(
        `${small.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=2&timeoutSeconds=1`,
      );
      const text = await r.text();
      const ev = JSON.parse(text.trim().split('\n')[0] ?? '{}') as {
        type: string;
        object: { code: number; reason: string };
      };
      expect(ev.type).toBe('ERROR');
      expect(ev.object).toMatchObject({ code: 410, reason: 'Expired' });
    } finally {
      await small.stop();
    }
  });
});
