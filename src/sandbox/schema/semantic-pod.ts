/**
 * Pod spec validation (core ValidatePodSpec / ValidatePodTemplateSpec), the subset a manifest
 * author trips over: volumes, container names, images, ports, env, mounts, pull policy,
 * resources, restart and DNS policy, node selector, service account, hostname.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import {
  child,
  duplicate,
  forbidden,
  goQuote,
  index,
  invalid,
  notFound,
  notSupported,
  required,
} from './semantic-errors.js';
import { jsonEqual, objAt, objsAt, strAt } from './semantic-json.js';
import { validateAnnotations, validateLabels } from './semantic-meta.js';
import { validateResources } from './semantic-resources.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
} from './semantic-names.js';
import { VOLUME_SOURCES } from './defaults-pod.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
function dns1123Label(value: string, path: string): StatusCause[] {
  return isDNS1123Label(value).map((msg) => invalid(path, goQuote(value), msg));
}

/** ValidatePodTemplateSpec: the template's own labels are reported at `<path>.labels`, as kube does. */
export function validatePodTemplate(template: Obj | undefined, path: string): StatusCause[] {
  const meta = objAt(template, 'metadata');
  const out = validateLabels(meta?.labels, child(path, 'labels'));
  out.push(...validateAnnotations(meta?.annotations, child(path, 'annotations')));
  out.push(...validatePodSpec(objAt(template, 'spec') ?? {}, child(path, 'spec')));
  if (objsAt(objAt(template, 'spec'), 'ephemeralContainers').length)
    out.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return out;
}

export function validatePodSpec(spec: Obj, path: string): StatusCause[] {
  const { volumes, errors: out } = validateVolumes(objsAt(spec, 'volumes'), child(path, 'volumes'));
  const containers = objsAt(spec, 'containers');
  const containersPath = child(path, 'containers');
  if (containers.length === 0) out.push(required(containersPath));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(containersPath, i);
    out.push(...validateContainer(c, volumes, p));
    const name = strAt(c, 'name') ?? '';
    if (names.has(name)) out.push(duplicate(child(p, 'name'), goQuote(name)));
    else names.add(name);
    if (c.restartPolicy != null)
      out.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  objsAt(spec, 'initContainers').forEach((c, i) => {
    const p = index(child(path, 'initContainers'), i);
    out.push(...validateContainer(c, volumes, p));
    const name = strAt(c, 'name') ?? '';
    if (names.has(name)) out.push(duplicate(child(p, 'name'), goQuote(name)));
    else names.add(name);
  });
  out.push(
    ...validateEnum(strAt(spec, 'restartPolicy') ?? '', child(path, 'restartPolicy'), ['Always', 'OnFailure', 'Never']),
  );
  out.push(
    ...validateEnum(strAt(spec, 'dnsPolicy') ?? '', child(path, 'dnsPolicy'), [
      'ClusterFirstWithHostNet',
      'ClusterFirst',
      'Default',
      'None',
    ]),
  );
  out.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  const sa = strAt(spec, 'serviceAccountName');
  if (sa)
    for (const msg of isDNS1123Subdomain(sa)) out.push(invalid(child(path, 'serviceAccountName'), goQuote(sa), msg));
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647))
    out.push(invalid(child(path, 'activeDeadlineSeconds'), String(deadline), inclusiveRangeError(1, 2147483647)));
  for (const f of ['hostname', 'subdomain']) {
    const v = strAt(spec, f);
    if (v) out.push(...dns1123Label(v, child(path, f)));
  }
  return out;
}

/** Required when empty, NotSupported when unknown: the shape of kube's enum switches. */
export function validateEnum(value: string, path: string, valid: string[]): StatusCause[] {
  if (!value) return [required(path)];
  return valid.includes(value) ? [] : [notSupported(path, goQuote(value), valid)];
}

function validateVolumes(volumes: Obj[], path: string): { volumes: Set<string>; errors: StatusCause[] } {
  const names = new Set<string>();
  const errors: StatusCause[] = [];
  volumes.forEach((v, i) => {
    const p = index(path, i);
    const el = validateVolumeSource(v, p);
    const name = strAt(v, 'name') ?? '';
    const namePath = child(p, 'name');
    if (!name) el.push(required(namePath));
    else el.push(...dns1123Label(name, namePath));
    if (names.has(name)) el.push(duplicate(namePath, goQuote(name)));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { volumes: names, errors };
}

function validateVolumeSource(v: Obj, path: string): StatusCause[] {
  const sources = VOLUME_SOURCES.filter((s) => objAt(v, s) !== undefined);
  if (sources.length === 0) return [required(path, 'must specify a volume type')];
  const out: StatusCause[] = sources
    .slice(1)
    .map((s) => forbidden(child(path, s), 'may not specify more than 1 volume type'));
  const secret = objAt(v, 'secret');
  if (secret && !strAt(secret, 'secretName')) out.push(required(child(path, 'secret', 'secretName')));
  const claim = objAt(v, 'persistentVolumeClaim');
  if (claim && !strAt(claim, 'claimName')) out.push(required(child(path, 'persistentVolumeClaim', 'claimName')));
  const configMap = objAt(v, 'configMap');
  if (configMap && !strAt(configMap, 'name')) out.push(required(child(path, 'configMap', 'name')));
  return out;
}

/** validateContainerCommon. */
function validateContainer(c: Obj, volumes: Set<string>, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const name = strAt(c, 'name') ?? '';
  if (!name) out.push(required(child(path, 'name')));
  else out.push(...dns1123Label(name, child(path, 'name')));
  if (!strAt(c, 'image')) out.push(required(child(path, 'image')));
  out.push(
    ...validateEnum(strAt(c, 'terminationMessagePolicy') ?? '', child(path, 'terminationMessagePolicy'), [
      'File',
      'FallbackToLogsOnError',
    ]),
  );
  out.push(...validateContainerPorts(objsAt(c, 'ports'), child(path, 'ports')));
  objsAt(c, 'env').forEach((e, i) => {
    const p = child(index(child(path, 'env'), i), 'name');
    const envName = strAt(e, 'name') ?? '';
    if (!envName) out.push(required(p));
    // RelaxedEnvironmentVariableValidation is on by default in 1.32.
    if (!envName) out.push(invalid(p, goQuote(envName), 'environment variable name must be non-empty'));
    else if (!/^[\x20-\x7e]+$/.test(envName) || envName.includes('='))
      out.push(
        invalid(
          p,
          goQuote(envName),
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
  });
  const mountPoints = new Set<string>();
  objsAt(c, 'volumeMounts').forEach((m, i) => {
    const p = index(child(path, 'volumeMounts'), i);
    const mountName = strAt(m, 'name') ?? '';
    const mountPath = strAt(m, 'mountPath') ?? '';
    if (!mountName) out.push(required(child(p, 'name')));
    if (!volumes.has(mountName)) out.push(notFound(child(p, 'name'), goQuote(mountName)));
    if (!mountPath) out.push(required(child(p, 'mountPath')));
    if (mountPoints.has(mountPath)) out.push(invalid(child(p, 'mountPath'), goQuote(mountPath), 'must be unique'));
    mountPoints.add(mountPath);
  });
  out.push(...validateEnum(strAt(c, 'imagePullPolicy') ?? '', child(path, 'imagePullPolicy'), PULL_POLICIES));
  out.push(...validateResources(objAt(c, 'resources'), child(path, 'resources')));
  return out;
}

function validateContainerPorts(ports: Obj[], path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    const name = strAt(port, 'name') ?? '';
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) out.push(...msgs.map((m) => invalid(child(p, 'name'), goQuote(name), m)));
      else if (names.has(name)) out.push(duplicate(child(p, 'name'), goQuote(name)));
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
    if (containerPort === 0) out.push(required(child(p, 'containerPort')));
    else
      for (const m of isValidPortNum(containerPort))
        out.push(invalid(child(p, 'containerPort'), String(containerPort), m));
    const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
    if (hostPort !== 0)
      for (const m of isValidPortNum(hostPort)) out.push(invalid(child(p, 'hostPort'), String(hostPort), m));
    const protocol = strAt(port, 'protocol') ?? '';
    if (!protocol) out.push(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(child(p, 'protocol'), goQuote(protocol), PROTOCOLS));
  });
  return out;
}

/** ValidatePodUpdate: a running pod's spec is frozen but for images, deadline and added tolerations. */
export function validatePodUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  const strip = (s: Obj): Obj => {
    const copy = structuredClone(s);
    for (const list of ['containers', 'initContainers']) for (const c of objsAt(copy, list)) delete c.image;
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    return copy;
  };
  const tolerations = (s: Obj): string[] => objsAt(s, 'tolerations').map((t) => JSON.stringify(t));
  const kept = tolerations(oldSpec).every((t) => tolerations(spec).includes(t));
  if (jsonEqual(strip(spec), strip(oldSpec)) && kept) return [];
  return [
    forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  ];
}
