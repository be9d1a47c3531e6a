/**
 * The apiserver's REST semantics over the object store: create, update, patch, delete with
 * validation, defaulting, managedFields, optimistic concurrency, finalizers and dry runs.
 * The HTTP front end and the simulated controllers both call this, never the store directly.
 */
import { isDeepStrictEqual } from 'node:util';
import { ApiError, alreadyExists, badRequest, conflict, invalid, notFound } from '../errors.js';
import { apiVersionOf, clone, isObj, metaOf, nameOf, namespaceOf, type Obj, type ResourceType } from '../model.js';
import { applyDefaults } from '../schema/defaults.js';
import { validateObject, validateUpdate, specChanged } from '../schema/semantic.js';
import { hasGeneration as kindHasGeneration } from '../schema/semantic-generation.js';
import { conflictError, recordUpdate, serverSideApply } from '../patch/apply.js';
import type { ObjectStore, LogEntry } from '../storage/store.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { typesFromCrd } from '../registry/crd-types.js';
import { checkSchema, type FieldValidation } from './schema-check.js';
import { copyServerOwnedMeta, newUid, randomSuffix, rfc3339 } from './object-meta.js';
import { listTypesFor } from './list-types.js';
import { setInitialStatus } from './initial-status.js';
import { mergeSubresource } from './subresources.js';
import { prepareCrd } from './crd-status.js';
import { deepFreeze, equalIgnoringVersion, hasFinalizers } from './object-state.js';
import { applyPatchBody, type PatchType } from './patch-body.js';
import type { ChangeEvent, ClusterAccess, DeleteOptions, WriteOptions } from './types.js';

export interface RequestOptions extends WriteOptions {
  fieldValidation?: FieldValidation;
}

export interface WriteResult {
  object: Obj;
  warnings: string[];
  created: boolean;
}

export interface Persistence {
  append(entry: LogEntry): void;
}

const CRD_KIND = 'CustomResourceDefinition';

export class SandboxApi implements ClusterAccess {
  private readonly listeners = new Set<(ev: ChangeEvent) => void>();
  private clusterIpCounter = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: TypeRegistry,
    private readonly clock: () => Date = () => new Date(),
    private readonly persistence?: Persistence,
    /** Freeze every stored object so a caller that mutates one fails loudly (tests turn this on). */
    private readonly freezeStored = false,
  ) {
    for (const crd of store.list({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' }))
      registry.setCrd(nameOf(crd), typesFromCrd(crd));
  }

  get resourceVersion(): number {
    return this.store.resourceVersion;
  }

  changesSince(rv: number): LogEntry[] | undefined {
    return this.store.since(rv);
  }

  types(): ResourceType[] {
    return this.registry.all();
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.registry.byKind(apiVersion, kind);
  }

  onChange(listener: (ev: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The stored object as served at t's version (custom resources are stored once for all versions). */
  get(t: ResourceType, namespace: string, name: string): Obj | undefined {
    const o = this.store.get(t, t.namespaced ? namespace : '', name);
    return o ? this.present(t, o) : undefined;
  }

  list(t: ResourceType, namespace?: string): Obj[] {
    return this.store.list(t, t.namespaced ? namespace : undefined).map((o) => this.present(t, o));
  }

  /**
   * The stored object as served at t's version. A shallow view: nested values are shared with the
   * store, so callers must treat results as read-only (tests run with freezeStored to enforce it).
   */
  private present(t: ResourceType, o: Obj): Obj {
    return { ...o, apiVersion: apiVersionOf(t), kind: t.kind };
  }

  private now(): string {
    return rfc3339(this.clock());
  }

  private checkIdentity(t: ResourceType, obj: Obj, namespace: string): void {
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(t))
      throw badRequest(
        `the API version in the data (${JSON.stringify(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(t)})`,
      );
    if (obj.kind !== undefined && obj.kind !== t.kind)
      throw badRequest(
        `the kind in the data (${JSON.stringify(obj.kind)}) does not match the expected kind (${t.kind})`,
      );
    const m = metaOf(obj);
    if (t.namespaced) {
      if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      m.namespace = namespace;
    } else delete m.namespace;
  }

  private requireNamespace(t: ResourceType, namespace: string): void {
    if (!t.namespaced) return;
    const nsType = this.registry.lookup('', 'v1', 'namespaces');
    const ns = nsType ? this.store.get(nsType, '', namespace) : undefined;
    if (!ns)
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    if (metaOf(ns).deletionTimestamp)
      throw new ApiError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
  }

  private defaultsAndSemantics(t: ResourceType, obj: Obj, old?: Obj, binding = false): void {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    if (t.builtin) {
      applyDefaults(gvk, obj, { allocateClusterIP: () => this.allocateClusterIP(), ...(old ? { old } : {}) });
      // A binding changes only spec.nodeName, which a plain pod update may not touch.
      const causes = old ? (binding ? [] : validateUpdate(gvk, obj, old)) : validateObject(gvk, obj, t.namespaced);
      if (causes.length > 0) throw invalid(t, nameOf(obj), causes);
    } else if (!nameOf(obj))
      throw invalid(t, nameOf(obj), [
        {
          type: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    if (t.kind === CRD_KIND && t.group === 'apiextensions.k8s.io') prepareCrd(obj, this.now());
  }

  private allocateClusterIP(): string {
    const n = this.clusterIpCounter++;
    return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }

  /** POST: a new object. */
  create(t: ResourceType, input: Obj, opts: RequestOptions, namespace = namespaceOf(input)): Obj {
    return this.createObject(t, input, opts, namespace).object;
  }

  createObject(t: ResourceType, input: Obj, opts: RequestOptions, namespace: string, fromApply = false): WriteResult {
    const obj = fromApply ? input : clone(input);
    this.checkIdentity(t, obj, namespace);
    const m = metaOf(obj);
    if (!m.name && typeof m.generateName === 'string' && m.generateName) m.name = `${m.generateName}${randomSuffix()}`;
    if (!m.name)
      throw invalid(t, nameOf(obj), [
        {
          type: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    this.requireNamespace(t, namespace);
    const { object, warnings } = fromApply
      ? { object: obj, warnings: [] }
      : checkSchema(t, obj, opts.fieldValidation ?? 'Warn');
    const om = metaOf(object);
    for (const k of [
      'uid',
      'resourceVersion',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
      'selfLink',
    ])
      delete om[k];
    om.uid = newUid();
    om.creationTimestamp = this.now();
    if (kindHasGeneration(t)) om.generation = 1;
    if (t.subresources.status && !fromApply) delete object.status;
    setInitialStatus(t, object);
    object.apiVersion = apiVersionOf(t);
    object.kind = t.kind;
    this.defaultsAndSemantics(t, object);
    if (!fromApply) this.trackManager(t, undefined, object, opts);
    if (this.store.get(t, namespace, String(om.name))) throw alreadyExists(t, String(om.name));
    if (opts.dryRun) return { object, warnings, created: true };
    return { object: this.commit('ADDED', t, object), warnings, created: true };
  }

  private trackManager(t: ResourceType, before: Obj | undefined, after: Obj, opts: WriteOptions): void {
    const tracked = recordUpdate({
      before,
      after,
      manager: opts.manager,
      lists: listTypesFor(t),
      apiVersion: apiVersionOf(t),
      now: this.now(),
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    metaOf(after).managedFields = metaOf(tracked).managedFields;
    if (metaOf(after).managedFields === undefined) delete metaOf(after).managedFields;
  }

  /** PUT: replace the object (or its status / finalizers for those subresources). */
  update(t: ResourceType, input: Obj, opts: RequestOptions): Obj {
    return this.updateObject(t, input, opts, namespaceOf(input)).object;
  }

  /** managed: the object already carries its managedFields (server-side apply). owned: input is a private copy. */
  updateObject(
    t: ResourceType,
    input: Obj,
    opts: RequestOptions,
    namespace: string,
    managed?: Obj,
    owned = false,
  ): WriteResult {
    const incoming = owned ? input : clone(input);
    this.checkIdentity(t, incoming, namespace);
    const name = nameOf(incoming);
    const live = this.store.get(t, t.namespaced ? namespace : '', name);
    if (!live) throw notFound(t, name);
    const inMeta = metaOf(incoming);
    if (
      inMeta.resourceVersion !== undefined &&
      inMeta.resourceVersion !== '' &&
      inMeta.resourceVersion !== metaOf(live).resourceVersion
    )
      throw conflict(
        t,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    if (inMeta.uid !== undefined && inMeta.uid !== '' && inMeta.uid !== metaOf(live).uid)
      throw conflict(
        t,
        name,
        `Precondition failed: UID in precondition: ${JSON.stringify(inMeta.uid)}, UID in object meta: ${String(metaOf(live).uid)}`,
      );
    const { object: checked, warnings } = managed
      ? { object: incoming, warnings: [] }
      : checkSchema(t, incoming, opts.fieldValidation ?? 'Warn');
    const next = mergeSubresource(t, live, checked, opts.subresource, true);
    copyServerOwnedMeta(live, next);
    next.apiVersion = apiVersionOf(t);
    next.kind = t.kind;
    if (managed) metaOf(next).managedFields = metaOf(managed).managedFields;
    else {
      const sent = metaOf(next).managedFields;
      const resetRequested = Array.isArray(sent) && sent.length === 0;
      if (resetRequested) delete metaOf(next).managedFields;
      else if (metaOf(live).managedFields !== undefined) metaOf(next).managedFields = clone(metaOf(live).managedFields);
      else delete metaOf(next).managedFields;
    }
    this.defaultsAndSemantics(t, next, live, opts.subresource === 'binding');
    if (!managed) this.trackManager(t, live, next, opts);
    if (kindHasGeneration(t) && opts.subresource !== 'status' && specChanged(live, next))
      metaOf(next).generation = Number(metaOf(live).generation ?? 1) + 1;
    const unchanged = equalIgnoringVersion(next, live);
    if (unchanged || opts.dryRun) return { object: unchanged ? this.present(t, live) : next, warnings, created: false };
    if (metaOf(next).deletionTimestamp && !hasFinalizers(t, next)) {
      return { object: this.commit('DELETED', t, next, live), warnings, created: false };
    }
    return { object: this.commit('MODIFIED', t, next, live), warnings, created: false };
  }

  /** PATCH with any of the four patch types; apply may create the object. */
  patch(
    t: ResourceType,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    opts: RequestOptions & { force?: boolean },
  ): WriteResult {
    const live = this.store.get(t, t.namespaced ? namespace : '', name);
    if (type === 'apply') return this.apply(t, namespace, name, live, body, opts);
    if (!live) throw notFound(t, name);
    // The patch functions never mutate their input, so a shallow view of the stored object will do.
    const base = { ...live, apiVersion: apiVersionOf(t), kind: t.kind };
    const patched = applyPatchBody(t, base, type, body);
    if (!isObj(patched)) throw badRequest('the patch produced something that is not an object');
    const pm = metaOf(patched);
    if (pm.name !== name)
      throw badRequest(`the name of the object (${String(pm.name)}) does not match the name on the URL (${name})`);
    return this.updateObject(t, patched, opts, namespace, undefined, true);
  }

  private apply(
    t: ResourceType,
    namespace: string,
    name: string,
    live: Obj | undefined,
    body: unknown,
    opts: RequestOptions & { force?: boolean },
  ): WriteResult {
    if (!isObj(body)) throw badRequest('error decoding YAML: the applied configuration must be an object');
    if (typeof body.apiVersion !== 'string' || typeof body.kind !== 'string')
      throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
    const config = clone(body);
    this.checkIdentity(t, config, namespace);
    const cm = metaOf(config);
    if (cm.name === undefined) cm.name = name;
    if (cm.name !== name)
      throw badRequest(`the name of the object (${String(cm.name)}) does not match the name on the URL (${name})`);
    for (const k of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation']) delete cm[k];
    if (opts.subresource === 'status') {
      for (const k of Object.keys(config))
        if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete config[k];
    } else if (t.subresources.status) delete config.status;
    const { object: validated, warnings } = checkSchema(t, config, opts.fieldValidation ?? 'Warn');
    const result = serverSideApply({
      live: live ? { ...live, apiVersion: apiVersionOf(t), kind: t.kind } : undefined,
      config: validated,
      manager: opts.manager,
      force: opts.force ?? false,
      lists: listTypesFor(t),
      apiVersion: apiVersionOf(t),
      now: this.now(),
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    if (result.conflicts.length > 0 && !opts.force) throw conflictError(result.conflicts);
    if (!live) {
      const created = this.createObject(t, result.object, opts, namespace, true);
      return { ...created, warnings: [...warnings, ...created.warnings] };
    }
    const updated = this.updateObject(
      t,
      result.object,
      { ...opts, subresource: opts.subresource === 'status' ? 'status' : undefined },
      namespace,
      result.object,
      true,
    );
    return { ...updated, warnings: [...warnings, ...updated.warnings] };
  }

  /** DELETE: removes the object now, or marks it for deletion while finalizers remain. */
  delete(t: ResourceType, namespace: string, name: string, opts: DeleteOptions = {}): Obj | undefined {
    const r = this.deleteObject(t, namespace, name, opts);
    return r.gone ? undefined : r.object;
  }

  deleteObject(
    t: ResourceType,
    namespace: string,
    name: string,
    opts: DeleteOptions = {},
  ): { object: Obj; gone: boolean } {
    const live = this.store.get(t, t.namespaced ? namespace : '', name);
    if (!live) throw notFound(t, name);
    const lm = metaOf(live);
    if (opts.preconditions?.uid && opts.preconditions.uid !== lm.uid)
      throw conflict(
        t,
        name,
        `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${String(lm.uid)}`,
      );
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== lm.resourceVersion)
      throw conflict(
        t,
        name,
        `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${String(lm.resourceVersion)}`,
      );
    const next = clone(live);
    const nm = metaOf(next);
    const finalizers = Array.isArray(nm.finalizers) ? [...(nm.finalizers as string[])] : [];
    const policy = opts.propagationPolicy ?? 'Background';
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (finalizers.length > 0) nm.finalizers = finalizers;
    const isNamespace = t.kind === 'Namespace' && t.group === '';
    if (isNamespace) next.status = { ...(isObj(next.status) ? next.status : {}), phase: 'Terminating' };
    if (!hasFinalizers(t, next)) {
      if (opts.dryRun) return { object: this.present(t, live), gone: true };
      return { object: this.commit('DELETED', t, next, live), gone: true };
    }
    if (lm.deletionTimestamp && isDeepStrictEqual(nm.finalizers, lm.finalizers))
      return { object: this.present(t, live), gone: false };
    nm.deletionTimestamp = lm.deletionTimestamp ?? this.now();
    nm.deletionGracePeriodSeconds = 0;
    if (opts.dryRun) return { object: next, gone: false };
    return { object: this.commit('MODIFIED', t, next, live), gone: false };
  }

  /** Stamps the next resourceVersion, stores, persists, then tells listeners. */
  private commit(type: 'ADDED' | 'MODIFIED' | 'DELETED', t: ResourceType, obj: Obj, previous?: Obj): Obj {
    // obj is always a private copy made by the write path, so it can be stored as it is.
    const stored = obj;
    stored.apiVersion = apiVersionOf(t);
    stored.kind = t.kind;
    metaOf(stored).resourceVersion = String(this.store.nextResourceVersion());
    const entry = this.store.commit(type, t, stored, previous);
    if (this.freezeStored) deepFreeze(stored);
    this.persistence?.append(entry);
    if (t.kind === CRD_KIND && t.group === 'apiextensions.k8s.io') this.crdChanged(type, stored);
    const ev: ChangeEvent = {
      type,
      resource: t,
      object: stored,
      resourceVersion: entry.resourceVersion,
      ...(previous ? { previous } : {}),
    };
    for (const l of [...this.listeners]) {
      try {
        l(ev);
      } catch {
        // A failing listener must not undo a committed write.
      }
    }
    return this.present(t, stored);
  }

  private crdChanged(type: string, crd: Obj): void {
    const name = nameOf(crd);
    if (type !== 'DELETED') {
      this.registry.setCrd(name, typesFromCrd(crd));
      return;
    }
    const served = typesFromCrd(crd)[0];
    this.registry.removeCrd(name);
    if (!served) return;
    // Custom resources go with their definition, each with a DELETED event for its watchers.
    for (const o of this.store.list(served)) this.commit('DELETED', served, clone(o), o);
  }
}
