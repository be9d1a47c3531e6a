/**
 * networking.k8s.io/v1 Ingress validation (pkg/apis/networking/validation): hosts, paths and
 * their required pathType, backends (service name and port), TLS hosts, and the rule that an
 * Ingress needs a default backend or rules.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import { child, goQuote, index, invalid, notSupported, required } from './semantic-errors.js';
import { arrAt, objAt, objsAt, strAt } from './semantic-json.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './semantic-names.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const WILDCARD = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateHost(host: string, path: string): StatusCause[] {
  if (host.includes('*')) {
    if (WILDCARD.test(host) && host.length <= 253) return [];
    return [
      invalid(
        path,
        goQuote(host),
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    ];
  }
  return isDNS1123Subdomain(host).map((m) => invalid(path, goQuote(host), m));
}

function validateBackend(backend: Obj | undefined, path: string): StatusCause[] {
  const service = objAt(backend, 'service');
  const resource = objAt(backend, 'resource');
  if (service && resource) return [invalid(path, '""', 'cannot set both resource and service backends')];
  if (resource) {
    const out: StatusCause[] = [];
    if (!strAt(resource, 'kind')) out.push(required(child(path, 'resource', 'kind')));
    if (!strAt(resource, 'name')) out.push(required(child(path, 'resource', 'name')));
    return out;
  }
  if (!service) return [invalid(path, '""', 'resource or service backend is required')];
  const out: StatusCause[] = [];
  const name = strAt(service, 'name') ?? '';
  if (!name) out.push(required(child(path, 'service', 'name')));
  else out.push(...isDNS1035Label(name).map((m) => invalid(child(path, 'service', 'name'), goQuote(name), m)));
  const port = objAt(service, 'port');
  const portName = strAt(port, 'name') ?? '';
  const portNumber = typeof port?.number === 'number' ? port.number : 0;
  if (portName && portNumber) out.push(invalid(path, '""', 'cannot set both port name & port number'));
  else if (portName)
    out.push(
      ...isValidPortName(portName).map((m) => invalid(child(path, 'service', 'port', 'name'), goQuote(portName), m)),
    );
  else if (portNumber)
    out.push(
      ...isValidPortNum(portNumber).map((m) =>
        invalid(child(path, 'service', 'port', 'number'), String(portNumber), m),
      ),
    );
  else out.push(required(path, 'port name or number is required'));
  return out;
}

function validatePath(p: Obj, path: string): StatusCause[] {
  const pathType = strAt(p, 'pathType');
  if (pathType === undefined) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const out: StatusCause[] = [];
  const value = strAt(p, 'path') ?? '';
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) out.push(invalid(child(path, 'path'), goQuote(value), 'must be an absolute path'));
    if (value) {
      for (const seq of INVALID_SEQUENCES)
        if (value.includes(seq)) out.push(invalid(child(path, 'path'), goQuote(value), `must not contain '${seq}'`));
      for (const suffix of INVALID_SUFFIXES)
        if (value.endsWith(suffix))
          out.push(invalid(child(path, 'path'), goQuote(value), `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/'))
      out.push(invalid(child(path, 'path'), goQuote(value), 'must be an absolute path'));
  } else {
    out.push(notSupported(child(path, 'pathType'), goQuote(pathType), PATH_TYPES));
  }
  out.push(...validateBackend(objAt(p, 'backend'), child(path, 'backend')));
  return out;
}

export function validateIngressSpec(spec: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const rules = objsAt(spec, 'rules');
  const defaultBackend = objAt(spec, 'defaultBackend');
  if (!defaultBackend && rules.length === 0)
    out.push(
      invalid(
        'spec',
        Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)',
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (defaultBackend) out.push(...validateBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const path = index('spec.rules', i);
    const host = strAt(rule, 'host');
    if (host) out.push(...validateHost(host, child(path, 'host')));
    const http = objAt(rule, 'http');
    if (!http) return;
    const paths = objsAt(http, 'paths');
    if (paths.length === 0) out.push(required(child(path, 'http', 'paths')));
    paths.forEach((p, j) => out.push(...validatePath(p, index(child(path, 'http', 'paths'), j))));
  });
  objsAt(spec, 'tls').forEach((tls, i) => {
    arrAt(tls, 'hosts').forEach((h, j) => {
      if (typeof h === 'string') out.push(...validateHost(h, index(child(index('spec.tls', i), 'hosts'), j)));
    });
  });
  const className = strAt(spec, 'ingressClassName');
  if (className !== undefined)
    out.push(...isDNS1123Subdomain(className).map((m) => invalid('spec.ingressClassName', goQuote(className), m)));
  return out;
}
