/**
 * Schema validation of request bodies: the entry points the request handler uses. Built-in kinds
 * are checked like kube-apiserver's strict Go decoder; custom resources against their CRD schema.
 */
export type { ValidationResult } from './validation-result.js';
export {
  applyUnknownFieldMessage,
  decodeFailureMessage,
  unknownFieldText,
  unknownFieldWarnings,
} from './validation-result.js';
export { validateBuiltin } from './validate-builtin.js';
export { validateCustom } from './validate-custom.js';
export { pruneUnknownFields, pruneCustom } from './prune.js';
export type { PruneOutcome } from './prune.js';
export { validateCrdSchema } from './crd-schema.js';
