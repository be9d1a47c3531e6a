#!/usr/bin/env node
/**
 * Composition root: builds the CLI and runs it. Nothing else reads argv or the environment.
 */
import { readFileSync } from 'node:fs';
import { buildProgram } from './cli/program.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

buildProgram(pkg.version)
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`sextant: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
