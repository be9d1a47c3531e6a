/**
 * API errors as kube-apiserver reports them: a metav1.Status with code, reason and details.
 */
import type { Obj } from './model.js';

export interface StatusCause {
  type?: string; // FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldManagerConflict, ...
  message: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: StatusCause[];
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
  }

  toStatus(): Obj {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: wireDetails(this.details) } : {}),
      code: this.code,
    };
  }
}

/** metav1.StatusCause serialises its type as `reason`. */
function wireDetails(d: NonNullable<ApiError['details']>): Obj {
  const { causes, ...rest } = d;
  if (!causes) return rest;
  return {
    ...rest,
    causes: causes.map((c) => ({
      ...(c.type ? { reason: c.type } : {}),
      message: c.message,
      ...(c.field !== undefined ? { field: c.field } : {}),
    })),
  };
}

/** "deployments.apps" or "configmaps": how the apiserver names a resource in messages. */
export function qualifiedResource(t: { plural: string; group: string }): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

export function notFound(t: { plural: string; group: string; kind?: string }, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, {
    name,
    group: t.group,
    kind: t.plural,
  });
}

export function alreadyExists(t: { plural: string; group: string }, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, {
    name,
    group: t.group,
    kind: t.plural,
  });
}

export function conflict(t: { plural: string; group: string }, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": ${why}`, {
    name,
    group: t.group,
    kind: t.plural,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 422: `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function invalid(t: { kind: string; group: string }, name: string, causes: StatusCause[]): ApiError {
  const kind = t.group ? `${t.kind}.${t.group}` : t.kind;
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const body = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${body}`, {
    name,
    group: t.group,
    kind: t.kind,
    causes,
  });
}
