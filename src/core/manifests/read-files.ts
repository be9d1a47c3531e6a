/**
 * First stage of loading: place each file in the layout, enforce the size limits, and parse the
 * manifests (through the cache when one is given) into top-level mappings. Everything that is
 * wrong with a file as a file (unsafe path, too large, YAML errors, a list where a mapping belongs)
 * is reported here.
 */
import type { ManifestError, SourceFile } from '../snapshot.js';
import { placeFile, printablePath, type Placement } from './layout.js';
import type { ManifestDoc } from './manifest-doc.js';
import type { ParseCache } from './parse-cache.js';
import { DEFAULT_PARSE_LIMITS, parseManifestFile, type ParsedFile } from './parse-yaml.js';
import { describeType, isObj } from './shape.js';

export interface LoadLimits {
  maxFileBytes: number;
  maxSnapshotBytes: number;
  maxDocumentsPerFile: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 1 << 20,
  maxSnapshotBytes: 64 << 20,
  maxDocumentsPerFile: 1000,
};

export type ManifestArea = Extract<Placement, { area: 'app-spec' | 'app-resources' | 'workflows' | 'policies' }>;

export interface PlacedDoc {
  place: ManifestArea;
  doc: ManifestDoc;
  /** Index of the document in its file, counting only non-empty documents. */
  index: number;
}

export interface RepositoryFiles {
  /** Every application folder, with the first file that made it one (for errors about the app itself). */
  apps: Map<string, string>;
  docs: PlacedDoc[];
  errors: ManifestError[];
}

export function readFiles(
  files: readonly SourceFile[],
  limits: LoadLimits,
  cache: ParseCache | undefined,
): RepositoryFiles {
  const out: RepositoryFiles = { apps: new Map(), docs: [], errors: [] };
  const fileError = (path: string, code: string, message: string): void => {
    out.errors.push({ file: printablePath(path), line: 1, column: 1, code, message });
  };
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let total = 0;
  let overBudget = false;
  let previous: string | undefined;
  for (const file of sorted) {
    if (file.path === previous) {
      fileError(file.path, 'duplicate-path', 'the same path was handed over twice');
      continue;
    }
    previous = file.path;
    const place = placeFile(file.path);
    if (place.area === 'unsafe') fileError(file.path, 'unsafe-path', place.message);
    if (place.area === 'stray') fileError(file.path, 'stray-file', place.message);
    if ('app' in place && !out.apps.has(place.app)) out.apps.set(place.app, file.path);
    if (
      place.area !== 'app-spec' &&
      place.area !== 'app-resources' &&
      place.area !== 'workflows' &&
      place.area !== 'policies'
    )
      continue;

    const size = file.content.byteLength;
    if (size > limits.maxFileBytes) {
      fileError(file.path, 'too-large', `file is ${size} bytes, over the limit of ${limits.maxFileBytes}`);
      continue;
    }
    if (overBudget) continue;
    total += size;
    if (total > limits.maxSnapshotBytes) {
      overBudget = true;
      fileError(
        file.path,
        'too-large',
        `manifests exceed ${limits.maxSnapshotBytes} bytes in total; this file and those after it are not read`,
      );
      continue;
    }
    const parsed = parseCached(file, limits, cache);
    for (const p of parsed.problems)
      out.errors.push({ file: file.path, line: p.line, column: p.column, code: p.code, message: p.message });
    parsed.documents.forEach((d, index) => {
      if (!isObj(d.value)) {
        out.errors.push({
          file: file.path,
          ...d.start,
          code: 'not-a-map',
          message: `a manifest must be a mapping with apiVersion, kind and metadata, not a ${describeType(d.value)}`,
        });
        return;
      }
      out.docs.push({ place, index, doc: { file: file.path, value: d.value, start: d.start, locate: d.locate } });
    });
  }
  return out;
}

function parseCached(file: SourceFile, limits: LoadLimits, cache: ParseCache | undefined): ParsedFile {
  const hit = cache?.get(file.blobId);
  if (hit) return hit;
  const parsed = parseManifestFile(file.content, { ...DEFAULT_PARSE_LIMITS, maxDocuments: limits.maxDocumentsPerFile });
  cache?.set(file.blobId, parsed);
  return parsed;
}
