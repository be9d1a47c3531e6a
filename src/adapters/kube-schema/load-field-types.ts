/**
 * Every field name of every built-in type, from the model classes of @kubernetes/client-node
 * 2.0.1 (generated from Kubernetes 1.36, newer than the 1.32 schemas of kubernetes-models: a field
 * added after 1.32 is accepted, never a false "unknown field"). kubernetes-models' validators do
 * not reject unknown fields, so these maps are what catches a typo such as `imagee`.
 * Each model is one small ES module; it is loaded on first use with require() (require(esm),
 * on by default since Node 20.19), so the interface stays synchronous.
 */
import { createRequire } from 'node:module';

/** Field name (as written in YAML) => client-node type string ('V1Container', 'Array<string>', ...). */
export type FieldTypes = ReadonlyMap<string, string>;

/** Looks up a model by its client-node name; undefined for names that are not models. */
export type FieldTypesLoader = (typeName: string) => FieldTypes | undefined;

const require = createRequire(import.meta.url);

/** A loader that reads each model once. */
export function createFieldTypesLoader(): FieldTypesLoader {
  const cache = new Map<string, FieldTypes | null>();
  return (typeName) => {
    let hit = cache.get(typeName);
    if (hit === undefined) {
      hit = readFieldTypes(typeName) ?? null;
      cache.set(typeName, hit);
    }
    return hit ?? undefined;
  };
}

/**
 * The client-node model of a top-level kind: 'V1Deployment', 'V2HorizontalPodAutoscaler', or with
 * the group prefixed where two groups share a kind name ('CoreV1Event', 'EventsV1Event').
 */
export function findRootTypeName(
  load: FieldTypesLoader,
  group: string,
  version: string,
  kind: string,
): string | undefined {
  const v = capitalize(version);
  const prefix = group === '' ? 'Core' : capitalize(group.split('.')[0] ?? '');
  return [`${prefix}${v}${kind}`, `${v}${kind}`].find((name) => {
    const fields = load(name);
    return fields?.has('apiVersion') === true && fields.has('kind');
  });
}

function readFieldTypes(typeName: string): FieldTypes | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(typeName)) return undefined;
  let mod: unknown;
  try {
    mod = require(`@kubernetes/client-node/dist/gen/models/${typeName}.js`);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  const cls = (mod as Record<string, unknown>)[typeName];
  const getMap = (cls as { getAttributeTypeMap?: unknown } | undefined)?.getAttributeTypeMap;
  if (typeof getMap !== 'function') return undefined;
  const attributes: unknown = getMap.call(cls);
  if (!Array.isArray(attributes)) return undefined;
  const fields = new Map<string, string>();
  for (const a of attributes as unknown[]) {
    const { baseName, type } = a as { baseName?: unknown; type?: unknown };
    if (typeof baseName === 'string' && typeof type === 'string') fields.set(baseName, type);
  }
  return fields;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
