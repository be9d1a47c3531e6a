/**
 * Types, required fields, enums and formats of a built-in kind, from kubernetes-models: ajv
 * validators compiled from the official Kubernetes OpenAPI document (GA versions of about
 * Kubernetes 1.32, plus long-removed beta versions, which the validator never routes here).
 * The package ships CommonJS next to its ESM, so a kind's validator is loaded synchronously on
 * first use with require(), and only the modules that kind needs are read.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { isObj as isRecord } from '../../core/snapshot.js';

/** The parts of an ajv error the translation needs. */
export interface AjvError {
  instancePath: string; // JSON pointer into the checked object
  keyword: string; // 'type', 'required', 'enum', 'format', 'oneOf', ...
  params: Record<string, unknown>;
}

/** Checks one object; an empty list when it conforms. */
export type TypeCheck = (obj: unknown) => AjvError[];

/** A compiled ajv validator: returns whether data conforms and leaves the reasons on .errors. */
type AjvValidate = ((data: unknown) => boolean) & { errors?: unknown };

const require = createRequire(import.meta.url);

/** The validator of kind in group/version, or undefined when kubernetes-models has no such kind. */
export function loadTypeCheck(group: string, version: string, kind: string): TypeCheck | undefined {
  // The package's public entry point for a kind is its model class; that module's second name
  // (IoK8sApiAppsV1Deployment) is the name of the compiled schema, which the package does not export.
  const model = requireOptional(`kubernetes-models/${group === '' ? '' : `${group}/`}${version}/${kind}`);
  if (model === undefined) return undefined;
  const apiVersion = group === '' ? version : `${group}/${version}`;
  const schemaName = Object.keys(model).find((name) => name.startsWith('IoK8s'));
  const cls = model[kind];
  // Only top-level kinds carry apiVersion and kind; 'DeploymentSpec' is a part, not a kind.
  if (schemaName === undefined || !isModelOf(cls, apiVersion, kind)) return undefined;
  const schema = requireOptional(path.join(schemasDir(), `${schemaName}.js`));
  if (typeof schema?.validate !== 'function') return undefined;
  const validate = schema.validate as AjvValidate;
  return (obj) => (validate(obj) ? [] : readErrors(validate.errors));
}

function schemasDir(): string {
  return path.join(path.dirname(require.resolve('kubernetes-models')), '_schemas');
}

function isModelOf(cls: unknown, apiVersion: string, kind: string): boolean {
  if (typeof cls !== 'function') return false;
  const statics = cls as { apiVersion?: unknown; kind?: unknown };
  return statics.apiVersion === apiVersion && statics.kind === kind;
}

function readErrors(errors: unknown): AjvError[] {
  if (!Array.isArray(errors)) return [];
  const out: AjvError[] = [];
  for (const e of errors as unknown[]) {
    if (!isRecord(e) || typeof e.instancePath !== 'string' || typeof e.keyword !== 'string') continue;
    out.push({ instancePath: e.instancePath, keyword: e.keyword, params: isRecord(e.params) ? e.params : {} });
  }
  return out;
}

/** The module's exports, or undefined when it does not exist (an unknown kind is not an error here). */
function requireOptional(specifier: string): Record<string, unknown> | undefined {
  let mod: unknown;
  try {
    mod = require(specifier);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw err;
  }
  return isRecord(mod) ? mod : undefined;
}
