/**
 * Validation of a custom resource against its CRD version's openAPIV3Schema, in the order the
 * apiserver applies it: prune unknown fields (reported for fieldValidation), decode metadata as
 * ObjectMeta, then validate the pruned object and its embedded resources.
 */
import type { StatusCause } from '../errors.js';
import type { Obj, ResourceType } from '../model.js';
import { isObj } from '../model.js';
import { crdSchemaOf, pruneCustom } from './prune.js';
import { validateValue } from './schema-validate.js';
import { required } from './semantic-errors.js';
import { validateStruct } from './validate-builtin.js';
import type { ValidationResult } from './validation-result.js';

export function validateCustom(t: ResourceType, obj: Obj): ValidationResult {
  const { object, unknownFields } = pruneCustom(t, obj);
  const meta = obj.metadata === undefined ? undefined : validateStruct('V1ObjectMeta', obj.metadata, 'metadata');
  const invalid: StatusCause[] = [];
  const schema = crdSchemaOf(t);
  if (schema) {
    validateValue(object, schema, '', invalid);
    checkEmbedded(object, schema, '', invalid);
  }
  return { unknownFields, decodeErrors: meta?.decodeErrors ?? [], invalid };
}

function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** ValidateEmbeddedResource: every x-kubernetes-embedded-resource object names its type. */
function checkEmbedded(v: unknown, s: Obj, path: string, out: StatusCause[]): void {
  if (Array.isArray(v)) {
    const items = s.items;
    if (isObj(items)) v.forEach((item, i) => checkEmbedded(item, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(v)) return;
  if (s['x-kubernetes-embedded-resource'] === true) {
    for (const f of ['apiVersion', 'kind']) {
      if (typeof v[f] !== 'string' || v[f] === '') out.push(required(child(path, f), 'must not be empty'));
    }
  }
  const props = isObj(s.properties) ? s.properties : {};
  for (const [k, item] of Object.entries(v)) {
    const prop = props[k] ?? s.additionalProperties;
    if (isObj(prop)) checkEmbedded(item, prop, child(path, k), out);
  }
}
