/**
 * Runs a sandbox in a child process so the benchmark's load generator does not share its event
 * loop or heap. Reports heap use on request (the child runs with --expose-gc).
 */
import { startSandbox } from '../src/sandbox/sandbox.js';

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const sandbox = await startSandbox({ controllers: false });
process.send?.({ type: 'ready', url: sandbox.url, heap: heapUsed() });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'heap') process.send?.({ type: 'heap', heap: heapUsed() });
  if (msg.type === 'stop')
    void sandbox.stop().then(() => {
      process.send?.({ type: 'stopped' });
      process.disconnect();
    });
});
