/**
 * The namespace controller: when a Namespace has a deletionTimestamp it deletes everything in it,
 * reports progress in the Namespace's conditions (as `kubectl get ns -o yaml` shows while it is
 * Terminating), waits for content held by finalizers, then removes the `kubernetes` finalizer
 * through the finalize subresource so the API can drop the Namespace.
 */
import type { ChangeEvent } from '../api/types.js';
import { clone, nameOf, namespaceOf, type ResourceType } from '../model.js';
import { arrAt, objAt } from './fields.js';
import { setCondition } from './conditions.js';
import { finalizersOf, isDeleting } from './ownership.js';
import { CONTROLLER_MANAGER, type Controller, type Runtime } from './runtime.js';

const FINALIZER = 'kubernetes';

function isNamespaceType(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Namespace';
}

function counts(m: Map<string, number>, fmt: (k: string, n: number) => string): string {
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => fmt(k, n))
    .join(', ');
}

export function createNamespaceController(rt: Runtime): Controller {
  const nsType = () => rt.type('v1', 'Namespace');
  const terminating = new Set<string>();

  return {
    name: 'namespace',
    keysFor(ev: ChangeEvent): string[] {
      if (isNamespaceType(ev.resource)) {
        const name = nameOf(ev.object);
        if (ev.type === 'DELETED') terminating.delete(name);
        else if (isDeleting(ev.object)) terminating.add(name);
        return terminating.has(name) ? [name] : [];
      }
      const ns = namespaceOf(ev.object);
      return ns && terminating.has(ns) && ev.type !== 'ADDED' ? [ns] : [];
    },
    initialKeys: () => rt.cluster.list(nsType()).filter(isDeleting).map(nameOf),
    sync(name: string): number | undefined {
      const t = nsType();
      const ns = rt.cluster.get(t, '', name);
      if (!ns || !isDeleting(ns)) return undefined;
      terminating.add(name);
      if (!arrAt(ns, 'spec.finalizers').includes(FINALIZER)) return undefined;
      const remaining = new Map<string, number>();
      const held = new Map<string, number>();
      for (const type of rt.cluster.types()) {
        if (!type.namespaced || !type.verbs.includes('delete')) continue;
        const resource = `${type.plural}.${type.group}`;
        for (const o of rt.cluster.list(type, name)) {
          const after = isDeleting(o)
            ? o
            : rt.cluster.delete(type, name, nameOf(o), { propagationPolicy: 'Background' });
          if (!after) continue;
          remaining.set(resource, (remaining.get(resource) ?? 0) + 1);
          for (const f of finalizersOf(after)) held.set(f, (held.get(f) ?? 0) + 1);
        }
      }
      const status = clone(objAt(ns, 'status'));
      const now = rt.nowIso();
      const set = (type: string, on: boolean, reason: string, message: string): void => {
        setCondition(status, { type, status: on ? 'True' : 'False', reason, message }, now, 'plain', true);
      };
      set('NamespaceDeletionDiscoveryFailure', false, 'ResourcesDiscovered', 'All resources successfully discovered');
      set(
        'NamespaceDeletionGroupVersionParsingFailure',
        false,
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      );
      set(
        'NamespaceDeletionContentFailure',
        false,
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      );
      if (remaining.size > 0) {
        set(
          'NamespaceContentRemaining',
          true,
          'SomeResourcesRemain',
          `Some resources are remaining: ${counts(remaining, (k, n) => `${k} has ${n} resource instances`)}`,
        );
      } else set('NamespaceContentRemaining', false, 'ContentRemoved', 'All content successfully removed');
      if (held.size > 0) {
        set(
          'NamespaceFinalizersRemaining',
          true,
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${counts(held, (k, n) => `${k} in ${n} resource instances`)}`,
        );
      } else
        set(
          'NamespaceFinalizersRemaining',
          false,
          'ContentHasNoFinalizers',
          'All content-preserving finalizers finished',
        );
      status.phase = 'Terminating';
      const written = rt.writeStatus(t, ns, status);
      if (remaining.size > 0) return 5000; // content changes wake it sooner; this is a safety net
      const finalizers = arrAt(written, 'spec.finalizers').filter((f) => f !== FINALIZER);
      rt.cluster.update(
        t,
        { ...written, spec: { ...objAt(written, 'spec'), finalizers } },
        { manager: CONTROLLER_MANAGER, subresource: 'finalize' },
      );
      return undefined;
    },
  };
}
