/**
 * Starting a sandbox cluster in-process for a test file, with its kubeconfig on disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

export interface TestSandbox extends Sandbox {
  kubeconfigPath: string;
  dir: string;
}

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-test-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const sb = await startSandbox({
    controllers: { readyDelayMs: 50, jobPodDurationMs: 100 },
    freezeStored: true,
    ...opts,
    kubeconfigPath,
  });
  return {
    ...sb,
    kubeconfigPath,
    dir,
    async stop() {
      await sb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
