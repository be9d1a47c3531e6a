/**
 * Tables for kinds without a built-in printer: a custom resource's additionalPrinterColumns
 * (apiextensions' tableconvertor, NAME + AGE when the CRD declares none) and the apiserver's
 * default convertor (NAME + CREATED AT) for built-in kinds such as Role or CustomResourceDefinition.
 */
import type { PrinterColumn } from '../model.js';
import { isObj } from '../model.js';
import { formatHumanDuration, formatRfc3339, isMalformedTimestamp, parseTimestamp } from './age.js';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  NAME_COLUMN,
  defineColumn,
  type Cell,
  type ColumnDefinition,
  type Printer,
} from './columns.js';
import { readName, readPath } from './format.js';
import { evaluateSteps, parseSteps, type JsonPathStep } from './jsonpath.js';

/** The column the CRD handler serves when a version declares no additionalPrinterColumns. */
const DEFAULT_CR_COLUMNS: PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: CREATION_TIMESTAMP_DESCRIPTION },
];

/** Go's json.Marshal: map keys sorted, and <, > and & escaped for HTML safety. */
function marshalGoJson(v: unknown): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return (x as unknown[]).map(sortKeys);
    if (!isObj(x)) return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = sortKeys(x[k]);
    return out;
  };
  return (JSON.stringify(sortKeys(v)) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** Go's fmt.Fprint of a float64: %g with the shortest precision, exponent from 1e+06 up. */
function formatGoFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

/** What the JSONPath printer writes for one value of a "string" column. */
function formatJsonPathText(v: unknown): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Whole JSON numbers decode to int64 and print as integers; the rest are float64.
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatGoFloat(v);
  return marshalGoJson(v);
}

/** cellForJSONValue: typed cells, null when the value does not have the column's type. */
function formatTypedCell(type: string, v: unknown, now: Date): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'string':
      return typeof v === 'string' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      if (isMalformedTimestamp(v)) return '<invalid>';
      const ms = parseTimestamp(v);
      return ms === undefined ? '<unknown>' : formatHumanDuration(now.getTime() - ms);
    }
    default:
      return null;
  }
}

interface ParsedColumn {
  definition: ColumnDefinition;
  steps: JsonPathStep[];
}

function parseColumns(columns: PrinterColumn[]): ParsedColumn[] {
  const parsed: ParsedColumn[] = [];
  for (const col of columns) {
    let steps: JsonPathStep[];
    try {
      steps = parseSteps(col.jsonPath);
    } catch {
      // kube keeps the columns parsed before the first bad one and logs the rest away.
      break;
    }
    const description =
      col.description !== undefined && col.description !== ''
        ? col.description
        : `Custom resource definition column (in JSONPath format): ${col.jsonPath}`;
    parsed.push({
      definition: defineColumn(col.name, col.type, description, {
        priority: col.priority ?? 0,
        format: col.format ?? '',
      }),
      steps,
    });
  }
  return parsed;
}

/** The printer of a custom resource version, from its CRD's additionalPrinterColumns. */
export function defineCustomResourcePrinter(columns: PrinterColumn[] | undefined): Printer {
  const parsed = parseColumns(columns !== undefined && columns.length > 0 ? columns : DEFAULT_CR_COLUMNS);
  return {
    columns: [NAME_COLUMN, ...parsed.map((p) => p.definition)],
    cells(obj, now) {
      const cells: Cell[] = [readName(obj)];
      for (const { definition, steps } of parsed) {
        const results = evaluateSteps(obj, steps);
        if (results.length === 0) {
          cells.push(null);
          continue;
        }
        // Only the first match is shown, as in the tableconvertor.
        const value = results[0];
        cells.push(
          definition.type === 'string' ? formatJsonPathText(value) : formatTypedCell(definition.type, value, now),
        );
      }
      return cells;
    },
  };
}

/** rest.NewDefaultTableConvertor: NAME and CREATED AT as an RFC 3339 UTC timestamp. */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME_COLUMN, defineColumn('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells: (obj) => [readName(obj), formatRfc3339(readPath(obj, 'metadata', 'creationTimestamp'))],
};
