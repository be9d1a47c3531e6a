/**
 * Turning a CustomResourceDefinition into the resource types it serves, one per served version.
 */
import { isObj, str, type Obj, type PrinterColumn, type ResourceType } from '../model.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function typesFromCrd(crd: Obj): ResourceType[] {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  const group = str(spec.group) ?? '';
  const kind = str(names.kind) ?? '';
  const plural = str(names.plural) ?? '';
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  return versions
    .filter((v) => v.served !== false)
    .map((v) => {
      const sub = isObj(v.subresources) ? v.subresources : {};
      const scale = isObj(sub.scale) ? sub.scale : undefined;
      const schema = isObj(v.schema) && isObj(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
      const columns = Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns.filter(isObj) : [];
      return {
        group,
        version: str(v.name) ?? '',
        kind,
        listKind: str(names.listKind) ?? `${kind}List`,
        plural,
        singular: str(names.singular) ?? kind.toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        shortNames: strings(names.shortNames),
        categories: strings(names.categories),
        verbs: VERBS,
        subresources: {
          status: isObj(sub.status),
          ...(scale
            ? {
                scale: {
                  specReplicasPath: str(scale.specReplicasPath) ?? '.spec.replicas',
                  statusReplicasPath: str(scale.statusReplicasPath) ?? '.status.replicas',
                  ...(str(scale.labelSelectorPath) ? { labelSelectorPath: str(scale.labelSelectorPath) } : {}),
                },
              }
            : {}),
        },
        builtin: false,
        ...(schema ? { schema, preserveUnknownFields: schema['x-kubernetes-preserve-unknown-fields'] === true } : {}),
        printerColumns: columns.map((c): PrinterColumn => ({
          name: str(c.name) ?? '',
          type: str(c.type) ?? 'string',
          jsonPath: str(c.jsonPath) ?? '',
          ...(str(c.description) ? { description: str(c.description) } : {}),
          ...(typeof c.priority === 'number' ? { priority: c.priority } : {}),
          ...(str(c.format) ? { format: str(c.format) } : {}),
        })),
      };
    });
}

/** The status a CRD gets once its names are accepted: kubectl wait --for condition=established reads it. */
export function establishedStatus(crd: Obj, now: string): Obj {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const condition = (type: string, reason: string, message: string): Obj => ({
    type,
    status: 'True',
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    acceptedNames: isObj(spec.names) ? spec.names : {},
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    storedVersions: versions.filter((v) => v.storage === true).map((v) => str(v.name) ?? ''),
  };
}
