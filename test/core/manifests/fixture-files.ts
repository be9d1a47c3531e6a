/**
 * Test helpers for the manifest loader: read a fixture repository from disk into SourceFiles
 * (blob ids computed as Git does), or build SourceFiles from inline text.
 */
import { formatError, type Snapshot } from '../../../src/core/snapshot.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../../src/core/snapshot.js';

export const REPOS = fileURLToPath(new URL('../../fixtures/repos/', import.meta.url));

export function gitBlobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

export function sourceFile(path: string, text: string | Uint8Array): SourceFile {
  const content = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { path, content, blobId: gitBlobId(content) };
}

/** Every file under test/fixtures/repos/<name>, paths relative to it with '/' separators. */
export function readFixture(name: string): SourceFile[] {
  const root = join(REPOS, name);
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(sourceFile(relative(root, full).split(sep).join('/'), readFileSync(full)));
    }
  };
  walk(root);
  return files;
}

/** Every error as the user reads it, with its stable code. */
export function report(snapshot: Snapshot): string[] {
  return snapshot.errors.map((e) => `${formatError(e)} [${e.code}]`);
}
