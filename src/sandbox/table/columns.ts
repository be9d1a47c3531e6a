/**
 * The shape of one server-side printer (column definitions plus a row function) and the
 * columns every printer shares. Descriptions of Name and Age are the ObjectMeta swagger docs a
 * real apiserver sends; kubectl never prints descriptions, but `kubectl get --raw` shows them.
 */
import type { Obj } from '../model.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A table cell as JSON: kube's printers emit strings, int64s, booleans, and nil for CR columns. */
export type Cell = string | number | boolean | null;

export interface RowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface Printer {
  columns: ColumnDefinition[];
  /** Cells for every column, wide ones included: the apiserver always prints with Wide=true. */
  cells(obj: Obj, now: Date): Cell[];
  conditions?(obj: Obj): RowCondition[] | undefined;
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may ' +
  'allow a client to request the generation of an appropriate name automatically. Name is primarily intended for ' +
  'creation idempotence and configuration definition. Cannot be updated. More info: ' +
  'https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not ' +
  'guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is ' +
  'represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const CONTAINERS_DESCRIPTION = 'Names of each container in the template.';
export const IMAGES_DESCRIPTION = 'Images referenced by each container in the template.';

export function defineColumn(
  name: string,
  type: string,
  description: string,
  opts: { priority?: number; format?: string } = {},
): ColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = defineColumn('Name', 'string', NAME_DESCRIPTION, { format: 'name' });
export const AGE_COLUMN = defineColumn('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

/** The Containers / Images / Selector trio the workload printers append for -o wide. */
export function defineWideTemplateColumns(selectorDescription?: string): ColumnDefinition[] {
  const cols = [
    defineColumn('Containers', 'string', CONTAINERS_DESCRIPTION, { priority: 1 }),
    defineColumn('Images', 'string', IMAGES_DESCRIPTION, { priority: 1 }),
  ];
  if (selectorDescription !== undefined) {
    cols.push(defineColumn('Selector', 'string', selectorDescription, { priority: 1 }));
  }
  return cols;
}
