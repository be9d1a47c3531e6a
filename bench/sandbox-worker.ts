/**
 * Runs a sandbox in a worker thread so the benchmark's load generator does not share its event loop.
 * Reports heap use on request (the worker runs with --expose-gc).
 */
import { parentPort } from 'node:worker_threads';
import { startSandbox } from '../src/sandbox/sandbox.js';

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const sandbox = await startSandbox({ controllers: false });
parentPort?.postMessage({ type: 'ready', url: sandbox.url, heap: heapUsed() });
parentPort?.on('message', (msg: { type: string }) => {
  if (msg.type === 'heap') parentPort?.postMessage({ type: 'heap', heap: heapUsed() });
  if (msg.type === 'stop') void sandbox.stop().then(() => parentPort?.postMessage({ type: 'stopped' }));
});
