/**
 * Safe parsing of one manifest file (YAML or JSON, multi-document) into plain, frozen data that
 * remembers where every node came from. Hostile input is refused cleanly: custom tags are errors
 * (nothing is ever executed), alias expansion is bounded, nesting depth and document count are
 * capped before the recursive composer runs, and duplicate keys are errors.
 * The result does not depend on the file's path, so it can be cached by blob id.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, visit } from 'yaml';
import type { CST, Document, Node as YamlNode } from 'yaml';
import { findTooDeep, findUnsafeNesting } from './nesting-guard.js';

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export type FieldPath = readonly (string | number)[];

export interface ParsedDocument {
  /** Plain JSON-compatible data, deep-frozen: it may be shared by several snapshots through the cache. */
  value: unknown;
  /** Where the document's content begins (its first key for a mapping). */
  start: Position;
  /**
   * Where the node at path is: its key when at is 'key' and the path ends in a mapping key, otherwise
   * its value. When part of the path does not exist, the deepest node that does (the mapping that
   * lacks the field).
   */
  locate: (path: FieldPath, at?: 'key' | 'value') => Position;
}

export interface FileProblem extends Position {
  code: string;
  message: string;
}

export interface ParsedFile {
  /** Documents that parsed cleanly; empty documents are left out. */
  documents: ParsedDocument[];
  problems: FileProblem[];
}

export interface ParseLimits {
  maxDocuments: number;
  /** Deepest nesting of collections allowed. The composer recurses, so this keeps it far from the stack limit. */
  maxDepth: number;
  /** Alias expansion budget handed to yaml's toJS (its billion-laughs guard). */
  maxAliasCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDocuments: 1000, maxDepth: 128, maxAliasCount: 100 };

const COMPOSE_OPTIONS = {
  uniqueKeys: true,
  merge: true, // kubectl's YAML reader honours `<<` merge keys, so manifests written for it use them
  resolveKnownTags: false, // !!binary, !!set, !!timestamp... would produce non-JSON values: make them errors
  logLevel: 'error', // never print from a library call; every problem is returned
} as const;

export function parseManifestFile(content: Uint8Array, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { documents: [], problems: [{ line: 1, column: 1, code: 'encoding', message: 'file is not valid UTF-8' }] };
  }
  try {
    return parseText(text, limits);
  } catch (err) {
    // The guards above should make this unreachable; a parser bug must still not crash the daemon.
    const message = err instanceof Error ? err.message : 'unknown failure';
    return {
      documents: [],
      problems: [{ line: 1, column: 1, code: 'yaml-syntax', message: `cannot parse: ${message}` }],
    };
  }
}

function parseText(text: string, limits: ParseLimits): ParsedFile {
  const lines = new LineCounter();
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  // The parser itself recurses on nesting, so bound it from the lexer's view first.
  const unsafe = findUnsafeNesting(text, limits.maxDepth * 4);
  if (unsafe !== undefined) {
    return {
      documents: [],
      problems: [
        {
          ...positionInText(text, unsafe),
          code: 'too-deep',
          message: `nesting or indentation too deep to parse safely (over ${limits.maxDepth} levels)`,
        },
      ],
    };
  }
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));

  const guard = checkTokens(tokens, limits);
  if (guard) return { documents: [], problems: [{ ...at(guard.offset), code: guard.code, message: guard.message }] };

  const documents: ParsedDocument[] = [];
  const problems: FileProblem[] = [];
  for (const doc of new Composer(COMPOSE_OPTIONS).compose(tokens)) {
    const found = [...doc.errors, ...doc.warnings].map((e) => ({ ...at(e.pos[0]), ...describeYamlError(e) }));
    found.push(...checkKeys(doc, at));
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    if (doc.contents === null) continue; // an empty document (a stray `---`) declares nothing
    const start = at(doc.contents.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      problems.push(
        /alias/i.test(message)
          ? { ...start, code: 'yaml-alias', message: 'too many alias expansions (a "billion laughs" document?)' }
          : { ...start, code: 'yaml-syntax', message: `cannot read document: ${message}` },
      );
      continue;
    }
    const locate = (path: FieldPath, where: 'key' | 'value' = 'value'): Position => locateNode(doc, path, where, at);
    if (freezePlainData(value)) {
      problems.push({
        ...locate(findNonFinite(value) ?? []),
        code: 'invalid-value',
        message: 'numbers must be finite (.inf and .nan have no JSON form)',
      });
      continue;
    }
    documents.push({ value, start, locate });
  }
  return { documents, problems };
}

/** Line and column of an offset, for use before the parser has counted lines. */
function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeYamlError(e: { code: string; message: string }): { code: string; message: string } {
  if (e.code === 'DUPLICATE_KEY')
    return { code: 'duplicate-key', message: 'duplicate key: mapping keys must be unique' };
  if (e.code === 'TAG_RESOLVE_FAILED') {
    const tag = e.message.replace(/^Unresolved tag: /, '').replace(/^tag:yaml\.org,2002:/, '!!');
    return { code: 'yaml-tag', message: `unsupported tag ${tag}: custom and language-specific tags are not allowed` };
  }
  return { code: 'yaml-syntax', message: e.message };
}

/** Refuses, before composing, streams with too many documents or too deep a nesting. */
function checkTokens(
  tokens: CST.Token[],
  limits: ParseLimits,
): { offset: number; code: string; message: string } | undefined {
  let count = 0;
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    count += 1;
    if (count > limits.maxDocuments) {
      return {
        offset: token.offset,
        code: 'too-many-documents',
        message: `more than ${limits.maxDocuments} documents in one file`,
      };
    }
    const deep = findTooDeep(token, limits.maxDepth);
    if (deep !== undefined) {
      return { offset: deep, code: 'too-deep', message: `nesting deeper than ${limits.maxDepth} levels` };
    }
  }
  return undefined;
}

/** Mapping keys must be scalars: a collection used as a key has no JSON form. */
function checkKeys(doc: Document.Parsed, at: (offset: number) => Position): FileProblem[] {
  const problems: FileProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key: unknown = pair.key;
      if (isScalar(key) || isAlias(key)) return;
      const range = isMap(key) || isSeq(key) ? key.range : undefined;
      problems.push({
        ...(range ? at(range[0]) : at(doc.range[0])),
        code: 'yaml-syntax',
        message: 'mapping keys must be scalars',
      });
    },
  });
  return problems;
}

/** Freezes plain data in place; returns whether it holds a non-finite number (no JSON form). */
function freezePlainData(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  let bad = false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) bad = freezePlainData(item) || bad;
  Object.freeze(value);
  return bad;
}

/** Path of the first non-finite number; only run when freezePlainData found one. */
function findNonFinite(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findNonFinite(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function locateNode(
  doc: Document.Parsed,
  path: FieldPath,
  where: 'key' | 'value',
  at: (offset: number) => Position,
): Position {
  let node: YamlNode | null = doc.contents;
  let last: Position = at(node?.range?.[0] ?? doc.range[0]);
  for (let i = 0; i < path.length && node; i += 1) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    const segment = path[i];
    let next: YamlNode | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return last;
      const keyNode = pair.key as YamlNode;
      if (i === path.length - 1 && where === 'key') return at(keyNode.range?.[0] ?? 0);
      next = (pair.value as YamlNode | null) ?? null;
      // `field:` with nothing after it has an empty value node; point at the key instead.
      if (!next?.range || next.range[0] === next.range[1]) return at(keyNode.range?.[0] ?? 0);
    } else if (isSeq(node) && typeof segment === 'number') {
      next = (node.items[segment] as YamlNode | undefined) ?? null;
    }
    if (!next) return last;
    node = next;
    last = at(node.range?.[0] ?? 0);
  }
  return last;
}
