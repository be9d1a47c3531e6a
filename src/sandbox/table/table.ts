/**
 * The meta.k8s.io/v1 Table the apiserver answers to `Accept: application/json;as=Table;...`
 * (what `kubectl get` asks for): picks the kind's printer, builds the rows, and embeds each
 * object as PartialObjectMetadata, the full object or nothing, per includeObject.
 */
import { apiVersionOf, clone, isObj, type Obj, type ResourceType } from '../model.js';
import type { Printer } from './columns.js';
import { DEFAULT_PRINTER, defineCustomResourcePrinter } from './custom-columns.js';
import { findBuiltinPrinter } from './printers.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  now: Date;
  /** ?includeObject=; the apiserver's default is Metadata. */
  includeObject?: IncludeObject;
  /** The list's resourceVersion; for a single object, its own resourceVersion is used when omitted. */
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** TableOptions.noHeaders: leave out the column definitions (later events of a table watch). */
  noHeaders?: boolean;
}

const customPrinters = new WeakMap<ResourceType, Printer>();

/** The printer the apiserver would use for this resource. */
export function selectPrinter(t: ResourceType): Printer {
  if (t.builtin) return findBuiltinPrinter(t.group, t.kind) ?? DEFAULT_PRINTER;
  let p = customPrinters.get(t);
  if (p === undefined) {
    p = defineCustomResourcePrinter(t.printerColumns);
    customPrinters.set(t, p);
  }
  return p;
}

function embedObject(t: ResourceType, obj: Obj, include: IncludeObject): Obj | null {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return { ...clone(obj), apiVersion: apiVersionOf(t), kind: t.kind };
    case 'Metadata':
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: isObj(obj.metadata) ? clone(obj.metadata) : {},
      };
  }
}

function readResourceVersion(objects: Obj[], opts: TableOptions): string | undefined {
  if (opts.resourceVersion !== undefined) return opts.resourceVersion;
  const only = objects.length === 1 ? objects[0] : undefined;
  const rv = only !== undefined && isObj(only.metadata) ? only.metadata.resourceVersion : undefined;
  return typeof rv === 'string' ? rv : undefined;
}

/** Renders objects of one resource type as a meta.k8s.io/v1 Table. */
export function toTable(t: ResourceType, objects: Obj[], opts: TableOptions): Obj {
  const printer = selectPrinter(t);
  const include = opts.includeObject ?? 'Metadata';
  const metadata: Obj = {};
  const rv = readResourceVersion(objects, opts);
  if (rv !== undefined && rv !== '') metadata.resourceVersion = rv;
  if (opts.continue !== undefined && opts.continue !== '') metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;

  const rows = objects.map((obj) => {
    const row: Obj = { cells: printer.cells(obj, opts.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions !== undefined) row.conditions = conditions;
    row.object = embedObject(t, obj, include);
    return row;
  });

  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders === true ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
