/**
 * `npm run bench`: runs each benchmark and prints its table.
 */
import { benchDaemon } from './daemon.js';
import { benchGit } from './git.js';
import { benchSandbox } from './sandbox.js';
import { benchSync } from './sync.js';

function printTable(title: string, rows: { measure: string; value: string }[]): void {
  const w = Math.max(...rows.map((r) => r.measure.length), 'measure'.length);
  process.stdout.write(`\n${title}\n${'measure'.padEnd(w)}  value\n${'-'.repeat(w)}  ${'-'.repeat(16)}\n`);
  for (const r of rows) process.stdout.write(`${r.measure.padEnd(w)}  ${r.value}\n`);
}

// SEXTANT_BENCH_ONLY=sandbox|git|sync|daemon runs one table.
const only = process.env.SEXTANT_BENCH_ONLY;
const wants = (name: string): boolean => only === undefined || only === '' || only === name;

if (wants('sandbox'))
  printTable(
    'sandbox API server (child process, load over HTTP from the parent, 32 requests in flight)',
    await benchSandbox(),
  );
if (wants('git'))
  printTable('Git source (git http-backend on 127.0.0.1, 2,000 manifests) vs native git', await benchGit());
if (wants('sync'))
  printTable(
    'sync engine (sandbox in a child process, controllers on; kubectl and Sextant against the same sandbox)',
    await benchSync(),
  );
if (wants('daemon'))
  printTable(
    'sextant run (sandbox in a child process, controllers on; Git over http-backend on 127.0.0.1)',
    await benchDaemon(),
  );
