/**
 * `npm run bench`: runs each benchmark and prints its table.
 */
import { benchSandbox } from './sandbox.js';

function printTable(title: string, rows: { measure: string; value: string }[]): void {
  const w = Math.max(...rows.map((r) => r.measure.length), 'measure'.length);
  process.stdout.write(`\n${title}\n${'measure'.padEnd(w)}  value\n${'-'.repeat(w)}  ${'-'.repeat(16)}\n`);
  for (const r of rows) process.stdout.write(`${r.measure.padEnd(w)}  ${r.value}\n`);
}

printTable('sandbox API server (load over HTTP from another thread, 32 requests in flight)', await benchSandbox());
