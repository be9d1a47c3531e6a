/**
 * adapters/kube-schema: the ResourceValidator the manifest loader uses to check plain Kubernetes
 * resources against the schema of their kind and version, as kubeconform -strict does, before
 * anything reaches a cluster. Two installed packages supply the schema: kubernetes-models (types,
 * required fields, enums, formats) and @kubernetes/client-node (every field name, for unknown
 * fields). Both are loaded lazily, per kind, on the first object of that kind, then cached.
 */
import type { ResourceValidator, SchemaFinding } from '../../core/resource-validator.js';
import type { Obj } from '../../core/snapshot.js';
import { parseApiVersion } from '../../core/api-version.js';
import { findBuiltinKind, isBuiltinGroupName, isServedKind } from '../../core/kube-kinds.js';
import { findCycle } from './find-cycle.js';
import { findUnknownFields } from './find-unknown-fields.js';
import { createFieldTypesLoader, findRootTypeName, type FieldTypesLoader } from './load-field-types.js';
import { loadTypeCheck, type TypeCheck } from './load-type-check.js';
import { describeRemovedApi } from './removed-apis.js';
import { translateAjvErrors } from './translate-ajv-errors.js';

/** What is known about one apiVersion + kind. */
type KindSchema =
  | { kind: 'none' } // not a built-in kind: a custom resource, or a typo the loader reports
  | { kind: 'removed'; message: string }
  | { kind: 'schema'; typeCheck?: TypeCheck; rootType?: string };

export function createResourceValidator(): ResourceValidator {
  const schemas = new Map<string, KindSchema>();
  const loadFieldTypes = createFieldTypesLoader();

  const schemaFor = (apiVersion: string, kind: string): KindSchema => {
    const key = `${apiVersion} ${kind}`;
    let schema = schemas.get(key);
    if (schema === undefined) {
      schema = resolveSchema(apiVersion, kind, loadFieldTypes);
      schemas.set(key, schema);
    }
    return schema;
  };

  return {
    validate(obj: Obj): SchemaFinding[] | undefined {
      const { apiVersion, kind } = obj;
      // Missing or malformed apiVersion/kind are the loader's own errors, reported with their position.
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
      const schema = schemaFor(apiVersion, kind);
      if (schema.kind === 'none') return undefined;
      if (schema.kind === 'removed') return [{ path: ['apiVersion'], code: 'invalid-value', message: schema.message }];
      const cycle = findCycle(obj);
      if (cycle !== undefined) {
        return [{ path: cycle, code: 'invalid-value', message: 'refers to itself (a YAML alias to its own ancestor)' }];
      }
      const findings = [
        ...(schema.typeCheck === undefined ? [] : translateAjvErrors(obj, schema.typeCheck(obj))),
        ...(schema.rootType === undefined ? [] : findUnknownFields(obj, schema.rootType, loadFieldTypes)),
      ];
      return dedupe(findings);
    },

    isBuiltinGroup(apiVersion: string): boolean {
      return isBuiltinGroupName(parseApiVersion(apiVersion).group);
    },

    isNamespaced(apiVersion: string, kind: string): boolean | undefined {
      return findBuiltinKind(parseApiVersion(apiVersion).group, kind)?.namespaced;
    },
  };
}

function resolveSchema(apiVersion: string, kind: string, loadFieldTypes: FieldTypesLoader): KindSchema {
  const api = parseApiVersion(apiVersion);
  if (!isServedKind(api, kind)) {
    const message = describeRemovedApi(apiVersion, kind);
    return message === undefined ? { kind: 'none' } : { kind: 'removed', message };
  }
  // Kinds newer than kubernetes-models' Kubernetes (resource.k8s.io/v1, alpha and beta APIs) have
  // only client-node's field names: unknown fields are still caught, types and required fields are not.
  const typeCheck = loadTypeCheck(api.group, api.version, kind);
  const rootType = findRootTypeName(loadFieldTypes, api.group, api.version, kind);
  if (typeCheck === undefined && rootType === undefined) return { kind: 'none' };
  return { kind: 'schema', typeCheck, rootType };
}

function dedupe(findings: SchemaFinding[]): SchemaFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.path, f.code, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
