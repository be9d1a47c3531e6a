/**
 * The sandbox API as its in-process users see it: the HTTP front end and the simulated
 * controllers both go through these calls, so a controller's write gets the same
 * validation, defaulting, managedFields and resourceVersion handling as kubectl's.
 */
import type { Obj, ResourceType } from '../model.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: Obj; // the stored object: listeners must not mutate it
  /** The object before this change (absent for ADDED). */
  previous?: Obj;
  resourceVersion: number;
}

export interface WriteOptions {
  /** fieldManager recorded in managedFields. */
  manager: string;
  /** 'status' or 'scale' for subresource writes. */
  subresource?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  /** preconditions.resourceVersion / uid */
  preconditions?: { resourceVersion?: string; uid?: string };
  dryRun?: boolean;
}

/**
 * What the simulated controllers (and tests) use to act on the cluster. Objects it returns share
 * structure with the store: read them, clone before changing (freezeStored makes mistakes throw).
 */
export interface ClusterAccess {
  /** All served types, built-in and from CRDs. */
  types(): ResourceType[];
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  get(t: ResourceType, namespace: string, name: string): Obj | undefined;
  list(t: ResourceType, namespace?: string): Obj[];
  /** Throws ApiError (409 AlreadyExists, 422 Invalid, 404 namespace missing). */
  create(t: ResourceType, obj: Obj, opts: WriteOptions): Obj;
  /** Optimistic concurrency: a stale metadata.resourceVersion throws 409 Conflict. */
  update(t: ResourceType, obj: Obj, opts: WriteOptions): Obj;
  /** Returns the object as it is after the call (still present while finalizers remain), or undefined if gone. */
  delete(t: ResourceType, namespace: string, name: string, opts?: DeleteOptions): Obj | undefined;
  /** Called synchronously after each committed change, in resourceVersion order. */
  onChange(listener: (ev: ChangeEvent) => void): () => void;
}

/** Time for controllers: injected so tests can drive it. */
export interface Scheduler {
  now(): Date;
  /** Runs fn after ms; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}
