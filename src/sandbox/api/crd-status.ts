/**
 * Checks a CustomResourceDefinition as the apiextensions apiserver does (name, one storage
 * version, structural schemas) and gives it the Established status its names earn at once.
 */
import { invalid, type StatusCause } from '../errors.js';
import { isObj, nameOf, type Obj } from '../model.js';
import { establishedStatus } from '../registry/crd-types.js';
import { validateCrdSchema } from '../schema/validate.js';

const CRD_KIND = 'CustomResourceDefinition';

export function prepareCrd(crd: Obj, now: string): void {
  const spec = isObj(crd.spec) ? crd.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  const expected = `${String(names.plural)}.${String(spec.group)}`;
  const causes: StatusCause[] = [];
  if (nameOf(crd) !== expected)
    causes.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${nameOf(crd)}": must be spec.names.plural+"."+spec.group`,
    });
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  if (versions.filter((v) => v.storage === true).length !== 1)
    causes.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      message: 'Invalid value: must have exactly one version marked as storage version',
    });
  versions.forEach((v, i) => {
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    for (const c of validateCrdSchema(schema))
      causes.push({ ...c, field: `spec.versions[${i}].schema.openAPIV3Schema${c.field ? `.${c.field}` : ''}` });
  });
  if (causes.length > 0) throw invalid({ kind: CRD_KIND, group: 'apiextensions.k8s.io' }, nameOf(crd), causes);
  crd.status = establishedStatus(crd, now);
}
