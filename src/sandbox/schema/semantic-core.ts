/**
 * core/v1 validation for the data and bookkeeping kinds: ConfigMap and Secret keys, sizes and
 * typed-secret requirements, immutable ConfigMaps/Secrets, Namespace finalizers, and the
 * PersistentVolumeClaim spec and its update rule.
 */
import type { StatusCause } from '../errors.js';
import { isObj, type Obj } from '../model.js';
import { forbidden, goQuote, goStruct, IMMUTABLE, invalid, key, required, text, tooLong } from './semantic-errors.js';
import { arrAt, jsonEqual, objAt, strAt } from './semantic-json.js';
import { validateKubeFinalizerName } from './semantic-meta.js';
import { byteLength, isConfigMapKey, isQualifiedName } from './semantic-names.js';
import { formatQuantity, parseQuantity } from './defaults-quantity.js';

const MAX_SIZE = 1024 * 1024;

function base64Length(v: unknown): number {
  return typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
}

export function validateConfigMap(cm: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const data = objAt(cm, 'data') ?? {};
  const binary = objAt(cm, 'binaryData') ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) out.push(invalid(key('data', k), goQuote(k), msg));
    if (k in binary) out.push(invalid(key('data', k), goQuote(k), 'duplicate of key present in binaryData'));
    total += typeof v === 'string' ? byteLength(v) : 0;
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const msg of isConfigMapKey(k)) out.push(invalid(key('binaryData', k), goQuote(k), msg));
    total += base64Length(v);
  }
  // The empty path renders as "[]": the error is about the whole object.
  if (total > MAX_SIZE) out.push(tooLong('[]', MAX_SIZE));
  return out;
}

export function validateSecret(secret: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const data = objAt(secret, 'data') ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) out.push(invalid(key('data', k), goQuote(k), msg));
    total += base64Length(v);
  }
  if (total > MAX_SIZE) out.push(tooLong('data', MAX_SIZE));
  const requireKey = (k: string): StatusCause[] => (k in data ? [] : [required(key('data', k))]);
  switch (strAt(secret, 'type') ?? '') {
    case 'kubernetes.io/service-account-token': {
      const annotations = objAt(objAt(secret, 'metadata'), 'annotations') ?? {};
      if (!annotations['kubernetes.io/service-account.name'])
        out.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    }
    case 'kubernetes.io/dockercfg':
      out.push(...requireJsonKey(data, '.dockercfg'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      out.push(...requireJsonKey(data, '.dockerconfigjson'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data))
        out.push(...requireKey('username'), ...requireKey('password'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (base64Length(data['ssh-privatekey']) === 0) out.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      out.push(...requireKey('tls.crt'), ...requireKey('tls.key'));
      break;
    default:
      break;
  }
  return out;
}

function requireJsonKey(data: Obj, k: string): StatusCause[] {
  if (!(k in data)) return [required(key('data', k))];
  const text = typeof data[k] === 'string' ? Buffer.from(data[k], 'base64').toString('utf8') : '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isObj(parsed))
      throw new Error(
        `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type map[string]interface {}`,
      );
    return [];
  } catch (e) {
    const msg = e instanceof SyntaxError ? 'unexpected end of JSON input' : (e as Error).message;
    return [invalid(key('data', k), goQuote('<secret contents redacted>'), msg)];
  }
}

/** Immutable ConfigMaps and Secrets: data and the flag itself are frozen once set. */
export function validateImmutableData(obj: Obj, old: Obj, fields: string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const out: StatusCause[] = [];
  if (obj.immutable !== true) out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields)
    if (!jsonEqual(obj[f], old[f])) out.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return out;
}

export function validateSecretTypeUpdate(obj: Obj, old: Obj): StatusCause[] {
  const type = strAt(obj, 'type') ?? '';
  return type === (strAt(old, 'type') ?? '') ? [] : [invalid('type', goQuote(type), IMMUTABLE)];
}

export function validateNamespaceSpec(ns: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  for (const f of arrAt(objAt(ns, 'spec'), 'finalizers')) {
    const name = typeof f === 'string' ? f : String(f);
    out.push(...isQualifiedName(name).map((msg) => invalid('spec.finalizers', goQuote(name), msg)));
    out.push(...validateKubeFinalizerName(name, 'spec.finalizers'));
  }
  return out;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePVCSpec(spec: Obj | undefined, path = 'spec'): StatusCause[] {
  const out: StatusCause[] = [];
  const modes = arrAt(spec, 'accessModes');
  if (modes.length === 0) out.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const m of modes) {
    const mode = typeof m === 'string' ? m : String(m);
    if (!ACCESS_MODES.includes(mode))
      out.push({
        type: 'FieldValueNotSupported',
        message: `Unsupported value: ${goQuote(mode)}: supported values: ${ACCESS_MODES.map(goQuote).join(', ')}`,
        field: `${path}.accessModes`,
      });
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    out.push(forbidden(`${path}.accessModes`, 'may not use ReadWriteOncePod with other access modes'));
  const storagePath = `${path}.resources[storage]`;
  const storage = objAt(objAt(spec, 'resources'), 'requests')?.storage;
  const q = parseQuantity(storage);
  if (storage === undefined) out.push(required(storagePath));
  else if (q && q.mantissa <= 0n)
    out.push(invalid(storagePath, goQuote(q ? formatQuantity(q) : text(storage)), 'must be greater than zero'));
  const mode = strAt(spec, 'volumeMode');
  if (mode !== undefined && mode !== 'Block' && mode !== 'Filesystem')
    out.push({
      type: 'FieldValueNotSupported',
      message: `Unsupported value: ${goQuote(mode)}: supported values: "Block", "Filesystem"`,
      field: `${path}.volumeMode`,
    });
  return out;
}

/** A claim's spec is frozen except for a storage request and its volume attributes class. */
export function validatePVCUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  const strip = (s: Obj): Obj => {
    const copy = structuredClone(s);
    const requests = objAt(objAt(copy, 'resources'), 'requests');
    if (requests) delete requests.storage;
    delete copy.volumeAttributesClassName;
    // An unbound claim may still get its volumeName set.
    if (!oldSpec.volumeName) delete copy.volumeName;
    return copy;
  };
  if (jsonEqual(strip(spec), strip(oldSpec))) return [];
  return [
    forbidden(
      'spec',
      `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n  ${goStruct('core.PersistentVolumeClaimSpec', spec)}`,
    ),
  ];
}
