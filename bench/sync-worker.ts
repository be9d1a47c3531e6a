/**
 * Runs a sandbox with its simulated controllers in a child process for the sync benchmark, so the
 * server's CPU is not counted as Sextant's and kubectl can talk to it while the parent waits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../src/sandbox/sandbox.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-sync-'));
const kubeconfigPath = path.join(dir, 'kubeconfig');
const sandbox = await startSandbox({ controllers: true, kubeconfigPath });
process.send?.({ type: 'ready', url: sandbox.url, kubeconfigPath });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'stop')
    void sandbox.stop().then(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.send?.({ type: 'stopped' });
      process.disconnect();
    });
});
