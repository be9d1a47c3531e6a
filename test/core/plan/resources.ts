/** Builders for the resources the planner tests feed in. */

import type { Resource } from '../../../src/core/snapshot.js';

export function res(
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
  annotations: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Resource {
  const metadata: Record<string, unknown> = { name, annotations };
  if (namespace !== '') metadata.namespace = namespace;
  return {
    apiVersion,
    kind,
    name,
    namespace,
    object: { apiVersion, kind, metadata, ...extra },
    source: { file: `${kind}-${name}.yaml`, line: 1, column: 1 },
  };
}

export const ns = (name: string, a?: Record<string, string>): Resource => res('v1', 'Namespace', '', name, a);
export const cm = (name: string, a?: Record<string, string>): Resource => res('v1', 'ConfigMap', 'shop', name, a);
export const secret = (name: string, a?: Record<string, string>): Resource => res('v1', 'Secret', 'shop', name, a);
export const svc = (name: string, a?: Record<string, string>): Resource => res('v1', 'Service', 'shop', name, a);
export const deploy = (name: string, a?: Record<string, string>): Resource =>
  res('apps/v1', 'Deployment', 'shop', name, a);
export const job = (name: string, a?: Record<string, string>): Resource => res('batch/v1', 'Job', 'shop', name, a);
export const ingress = (name: string, a?: Record<string, string>): Resource =>
  res('networking.k8s.io/v1', 'Ingress', 'shop', name, a);
