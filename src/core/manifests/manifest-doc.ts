/**
 * One top-level mapping read from a repository file, with the means to point at any of its nodes,
 * and the checks every manifest shares: apiVersion, kind and metadata.name. Errors built here carry
 * the exact position of the node they are about.
 */
import type { SchemaFinding } from '../resource-validator.js';
import type { ManifestError, Obj, SourcePosition } from '../snapshot.js';
import type { FieldPath, Position } from './parse-yaml.js';
import { formatPath, isObj } from './shape.js';
import { groupOf } from '../api-version.js';

export interface ManifestDoc {
  file: string;
  value: Obj;
  /** Where the mapping starts (its first key). */
  start: Position;
  locate: (path: FieldPath, at?: 'key' | 'value') => Position;
}

export interface Header {
  apiVersion: string;
  kind: string;
  name: string;
  /** API group: the part of apiVersion before '/', '' for the core group. */
  group: string;
}

export function sourceOf(doc: ManifestDoc): SourcePosition {
  return { file: doc.file, line: doc.start.line, column: doc.start.column };
}

export function positionOf(doc: ManifestDoc, path: FieldPath, at: 'key' | 'value' = 'value'): SourcePosition {
  const p = doc.locate(path, at);
  return { file: doc.file, line: p.line, column: p.column };
}

export function errorAt(
  doc: ManifestDoc,
  path: FieldPath,
  code: string,
  message: string,
  at: 'key' | 'value' = 'value',
): ManifestError {
  return { ...positionOf(doc, path, at), code, message };
}

/** Schema findings as errors: an unknown field points at its key, anything else at its value. */
export function findingsToErrors(doc: ManifestDoc, findings: SchemaFinding[], prefix = ''): ManifestError[] {
  return findings.map((f) =>
    errorAt(doc, f.path, f.code, `${prefix}${f.message}`, f.code === 'unknown-field' ? 'key' : 'value'),
  );
}

/** A view of a nested object (an item of a v1 List) as a document of its own. */
export function subDoc(doc: ManifestDoc, path: FieldPath, value: Obj): ManifestDoc {
  return {
    file: doc.file,
    value,
    start: doc.locate(path),
    locate: (inner, at) => doc.locate([...path, ...inner], at),
  };
}

/** apiVersion, kind and metadata.name, or the errors explaining what is missing. */
export function readHeader(doc: ManifestDoc): Header | ManifestError[] {
  const errors: ManifestError[] = [];
  const v = doc.value;
  const apiVersion = requireString(doc, ['apiVersion'], v.apiVersion, errors);
  const kind = requireString(doc, ['kind'], v.kind, errors);
  let name: string | undefined;
  if (v.metadata === undefined || v.metadata === null) {
    errors.push(errorAt(doc, [], 'missing-field', 'missing required field "metadata.name"'));
  } else if (!isObj(v.metadata)) {
    errors.push(errorAt(doc, ['metadata'], 'wrong-type', 'metadata: expected mapping'));
  } else {
    name = requireString(doc, ['metadata', 'name'], v.metadata.name, errors);
  }
  if (apiVersion === undefined || kind === undefined || name === undefined) return errors;
  return { apiVersion, kind, name, group: groupOf(apiVersion) };
}

function requireString(doc: ManifestDoc, path: string[], value: unknown, errors: ManifestError[]): string | undefined {
  const field = formatPath(path);
  if (value === undefined || value === null) {
    errors.push(errorAt(doc, path, 'missing-field', `missing required field "${field}"`));
  } else if (typeof value !== 'string') {
    errors.push(errorAt(doc, path, 'wrong-type', `${field}: expected string`));
  } else if (value.trim() === '') {
    errors.push(errorAt(doc, path, 'invalid-value', `${field} must not be empty`));
  } else {
    return value;
  }
  return undefined;
}
