/**
 * What the manifest loader asks of a Kubernetes schema: check one plain resource against the
 * schema of its kind and version, as kubeconform would. The loader stays pure; the schemas
 * (from packages) are behind this interface, implemented in adapters/kube-schema.
 */
import type { Obj } from './snapshot.js';

export interface SchemaFinding {
  /** Where in the object: ['spec', 'template', 'spec', 'containers', 0, 'imagee']. */
  path: (string | number)[];
  code: 'unknown-field' | 'wrong-type' | 'missing-field' | 'invalid-value';
  message: string; // e.g. 'unknown field "imagee"', 'expected integer, got string', 'required field "selector" is missing'
}

export interface ResourceValidator {
  /**
   * Findings for obj, or undefined when there is no schema for its apiVersion/kind (a custom
   * resource whose definition the validator does not know).
   */
  validate(obj: Obj): SchemaFinding[] | undefined;
  /** Whether apiVersion belongs to Kubernetes itself (so an unknown kind there is a typo, not a CRD). */
  isBuiltinGroup(apiVersion: string): boolean;
  /** Whether a kind is namespaced; undefined when unknown. */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined;
}
