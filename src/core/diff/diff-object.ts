/**
 * Diff one object: what Git declares against what the cluster holds. Only the fields Git declares,
 * plus those Sextant applied before and Git dropped, are compared, so an object that was just applied
 * is Synced despite server defaults. Each drifted field names the field manager that set it.
 */

import { stringify } from 'yaml';
import { compareFields, type PatchOp, type RawChange } from './compare-fields.js';
import { isObj, type Obj } from './json-value.js';
import { appliedFields, findManager, readManagedFields, type ManagedFieldsEntry } from './managed-fields.js';
import { isSecret, normalizeObject, type IgnoreRule } from './normalize-object.js';
import { SECRET_MASK, redactSecret } from './redact-secret.js';
import { renderUnifiedDiff } from './render-unified-diff.js';

export type { IgnoreRule } from './normalize-object.js';
export { redactSecret, SECRET_MASK } from './redact-secret.js';

export type DiffStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous';

export interface FieldChange {
  path: string; // 'spec.replicas', 'spec.template.spec.containers[name=app].image'
  desired: unknown;
  live: unknown;
  manager?: string;
  time?: string;
  explanation: string; // 'spec.replicas: 3 in Git, 5 live, set by kubectl-scale at 14:02'
}

export interface ObjectDiff {
  status: DiffStatus;
  /** RFC 6902 operations turning live into desired, limited to the compared fields (Secret values masked). */
  patch: PatchOp[];
  /** Unified YAML diff of the compared fields, '--- live' / '+++ desired'; '' when Synced. */
  unifiedDiff: string;
  changes: FieldChange[];
}

export interface DiffInput {
  desired?: Obj;
  live?: Obj;
  ignore?: IgnoreRule[];
  /** Sextant's field manager: fields it owns in live managedFields and Git no longer declares are removals. */
  fieldManager?: string;
}

const CHANGED_MASK = `${SECRET_MASK} (changed)`;

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** 'HH:MM' of an RFC 3339 time as written (the API server writes UTC). */
function clockTime(time: string): string {
  return /T(\d\d:\d\d)/.exec(time)?.[1] ?? time;
}

function objectName(obj: Obj): string {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(obj.kind)}/${ns}${String(meta.name)}`;
}

function toYaml(obj: Obj): string {
  return stringify(obj, { lineWidth: 0 });
}

function explainSecret(c: RawChange): string {
  if (c.op === 'add') return `${c.display}: added in Git (value hidden)`;
  if (c.op === 'remove') return `${c.display}: no longer in Git (value hidden)`;
  return `${c.display}: changed (values hidden)`;
}

function explain(c: RawChange, owner: ManagedFieldsEntry | undefined, self: string): string {
  if (c.op === 'remove') {
    return `${c.display}: absent in Git, ${describe(c.live)} live, applied by ${self} before; it will be removed`;
  }
  const base = `${c.display}: ${describe(c.desired)} in Git, ${describe(c.live)} live`;
  if (!owner || c.op === 'add') return base;
  return `${base}, set by ${owner.manager}${owner.time ? ` at ${clockTime(owner.time)}` : ''}`;
}

function toFieldChange(c: RawChange, secret: boolean, managed: ManagedFieldsEntry[], self: string): FieldChange {
  const hidden = secret && c.pointer[0] === 'data';
  const owner = c.op === 'add' ? undefined : findManager(managed, c.steps, self);
  const change: FieldChange = {
    path: c.display,
    desired: hidden && c.desired !== undefined ? SECRET_MASK : c.desired,
    live: hidden && c.live !== undefined ? SECRET_MASK : c.live,
    explanation: hidden ? explainSecret(c) : explain(c, owner, self),
  };
  if (owner) change.manager = owner.manager;
  if (owner?.time) change.time = owner.time;
  return change;
}

function wholeObject(status: 'Missing' | 'Extraneous', obj: Obj): ObjectDiff {
  const shown = redactSecret(obj);
  const missing = status === 'Missing';
  const text = toYaml(shown);
  return {
    status,
    patch: missing ? [{ op: 'add', path: '', value: shown }] : [{ op: 'remove', path: '' }],
    unifiedDiff: missing ? renderUnifiedDiff('', text) : renderUnifiedDiff(text, ''),
    changes: [
      {
        path: '',
        desired: missing ? shown : undefined,
        live: missing ? undefined : shown,
        explanation: missing
          ? `${objectName(obj)}: in Git, absent live`
          : `${objectName(obj)}: absent in Git, still live (tracked by Sextant)`,
      },
    ],
  };
}

/** Masks a Secret's patch values; the patch is for showing, Sextant applies by server-side apply. */
function maskPatch(patch: PatchOp[]): PatchOp[] {
  return patch.map((op) => {
    if (op.path === '/data') return { ...op, value: redactSecret({ kind: 'Secret', data: op.value }).data };
    return op.path.startsWith('/data/') && op.value !== undefined ? { ...op, value: SECRET_MASK } : op;
  });
}

/** Both sides masked for the unified diff, a changed key showing a different mask so the change is visible. */
function maskForDiff(liveView: Obj, desired: Obj, changes: RawChange[]): [Obj, Obj] {
  const before = redactSecret(liveView);
  const after = redactSecret(desired);
  const data = after.data;
  for (const c of changes) {
    const key = c.pointer[1];
    if (c.op === 'replace' && c.pointer[0] === 'data' && typeof key === 'string' && isObj(data)) {
      data[key] = CHANGED_MASK;
    }
  }
  return [before, after];
}

export function diffObject(input: DiffInput): ObjectDiff {
  const { desired, live, ignore = [], fieldManager = 'sextant' } = input;
  if (!desired && !live) return { status: 'Synced', patch: [], unifiedDiff: '', changes: [] };
  if (!live) return wholeObject('Missing', normalizeObject(desired ?? {}, ignore));
  if (!desired) return wholeObject('Extraneous', normalizeObject(live, ignore));

  const managed = readManagedFields(live);
  const wanted = normalizeObject(desired, ignore);
  const comparison = compareFields(wanted, normalizeObject(live, ignore), appliedFields(managed, fieldManager));
  if (comparison.changes.length === 0) return { status: 'Synced', patch: [], unifiedDiff: '', changes: [] };

  const secret = isSecret(wanted) || isSecret(live);
  const [before, after] = secret
    ? maskForDiff(comparison.liveView, wanted, comparison.changes)
    : [comparison.liveView, wanted];
  return {
    status: 'OutOfSync',
    patch: secret ? maskPatch(comparison.patch) : comparison.patch,
    unifiedDiff: renderUnifiedDiff(toYaml(before), toYaml(after)),
    changes: comparison.changes.map((c) => toFieldChange(c, secret, managed, fieldManager)),
  };
}
