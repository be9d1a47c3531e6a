/**
 * Parsing resource URLs the way the apiserver's request-info resolver does:
 * /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and /apis/{group}/{version}/...
 */
export interface ResourceRoute {
  group: string;
  version: string;
  namespace: string; // '' when not namespace-scoped in the URL
  resource: string;
  name: string; // '' for collections
  subresource: string; // '' when none
}

export function parseResourcePath(pathname: string): ResourceRoute | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  let namespace = '';
  // /namespaces/{ns}/{resource}... is a namespaced collection; /namespaces/{name}[/status|finalize] is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1] ?? '';
    rest = rest.slice(2);
    if (group === '' && (rest[0] === 'status' || rest[0] === 'finalize') && rest.length === 1)
      return { group, version, namespace: '', resource: 'namespaces', name: namespace, subresource: rest[0] };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return undefined;
  return { group, version, namespace, resource, name: name ?? '', subresource: subresource ?? '' };
}
