/**
 * Pod spec defaulting from core/v1 defaults.go and the generated defaulters: what every pod
 * template (Deployment, Job, ...) and every Pod gets, down to containers, probes and volumes.
 * Pod-only extras (requests from limits, enableServiceLinks) live in applyPodObjectDefaults.
 */
import { isObj, type Obj } from '../model.js';
import { canonicalizeResourceList, canonicalQuantity } from './defaults-quantity.js';
import { ensureObj, objAt, objsAt, setDefault, setDefaultString, strAt } from './semantic-json.js';

/** Every volume source field of core/v1 Volume; one must be set (emptyDir is the default). */
export const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/** The tag of an image reference as parsers.ParseImageName sees it ("latest" when absent). */
export function imageTag(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const i = last.lastIndexOf(':');
  const name = i < 0 ? noDigest : noDigest.slice(0, noDigest.length - last.length + i);
  // An unparsable reference (empty, upper case) has no tag at all.
  if (!name || /[A-Z]/.test(name)) return '';
  if (i >= 0) return last.slice(i + 1);
  return image.includes('@') ? '' : 'latest';
}

/** SetDefaults_PodSpec plus everything the generated defaulter walks into. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultString(spec, 'schedulerName', 'default-scheduler');
  for (const v of objsAt(spec, 'volumes')) defaultVolume(v);
  for (const c of objsAt(spec, 'initContainers')) defaultContainer(c);
  for (const c of objsAt(spec, 'containers')) defaultContainer(c);
  for (const c of objsAt(spec, 'ephemeralContainers')) defaultContainer(c);
  canonicalizeResourceList(spec.overhead);
}

/** A PodTemplateSpec: its metadata is a plain struct in Go, so it always serializes, with a null creationTimestamp. */
export function defaultPodTemplate(template: Obj): void {
  const meta = ensureObj(template, 'metadata');
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
  defaultPodSpec(ensureObj(template, 'spec'));
}

function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy = imageTag(strAt(c, 'image') ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefaultString(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultString(c, 'terminationMessagePolicy', 'File');
  for (const p of objsAt(c, 'ports')) setDefaultString(p, 'protocol', 'TCP');
  for (const e of objsAt(c, 'env')) {
    const fieldRef = objAt(objAt(e, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
  const resources = ensureObj(c, 'resources');
  canonicalizeResourceList(resources.limits);
  canonicalizeResourceList(resources.requests);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = objAt(c, probe);
    if (!p) continue;
    for (const [k, v] of [
      ['timeoutSeconds', 1],
      ['periodSeconds', 10],
      ['successThreshold', 1],
      ['failureThreshold', 3],
    ] as const) {
      if (!p[k]) p[k] = v;
    }
    defaultHandler(p);
    const grpc = objAt(p, 'grpc');
    if (grpc) setDefault(grpc, 'service', '');
  }
  for (const hook of ['postStart', 'preStop']) {
    const h = objAt(objAt(c, 'lifecycle'), hook);
    if (h) defaultHandler(h);
  }
}

function defaultHandler(h: Obj): void {
  const get = objAt(h, 'httpGet');
  if (!get) return;
  setDefaultString(get, 'path', '/');
  setDefaultString(get, 'scheme', 'HTTP');
}

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => isObj(v[s]))) v.emptyDir = {};
  const emptyDir = objAt(v, 'emptyDir');
  if (emptyDir && emptyDir.sizeLimit !== undefined) emptyDir.sizeLimit = canonicalQuantity(emptyDir.sizeLimit);
  const hostPath = objAt(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = objAt(v, s);
    if (src) setDefault(src, 'defaultMode', 420);
  }
  for (const item of objsAt(objAt(v, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const source of objsAt(objAt(v, 'projected'), 'sources')) {
    for (const item of objsAt(objAt(source, 'downwardAPI'), 'items')) defaultFieldRef(item);
    const token = objAt(source, 'serviceAccountToken');
    if (token) setDefault(token, 'expirationSeconds', 3600);
  }
  const iscsi = objAt(v, 'iscsi');
  if (iscsi) setDefaultString(iscsi, 'iscsiInterface', 'default');
  const rbd = objAt(v, 'rbd');
  if (rbd) {
    setDefaultString(rbd, 'pool', 'rbd');
    setDefaultString(rbd, 'user', 'admin');
    setDefaultString(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const claim = objAt(objAt(objAt(v, 'ephemeral'), 'volumeClaimTemplate'), 'spec');
  if (claim) defaultPVCSpec(claim);
}

function defaultFieldRef(item: Obj): void {
  const ref = objAt(item, 'fieldRef');
  if (ref) setDefaultString(ref, 'apiVersion', 'v1');
}

/** SetDefaults_PersistentVolumeClaimSpec plus quantity canonicalization. */
export function defaultPVCSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  const resources = objAt(spec, 'resources');
  canonicalizeResourceList(resources?.limits);
  canonicalizeResourceList(resources?.requests);
}

/** SetDefaults_Pod: only real Pods get requests copied from limits, not templates. */
export function applyPodObjectDefaults(pod: Obj): void {
  const spec = ensureObj(pod, 'spec');
  defaultPodSpec(spec);
  for (const c of [...objsAt(spec, 'containers'), ...objsAt(spec, 'initContainers')]) {
    const resources = objAt(c, 'resources');
    const limits = objAt(resources, 'limits');
    if (!resources || !limits) continue;
    const requests = ensureObj(resources, 'requests');
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const c of [...objsAt(spec, 'containers'), ...objsAt(spec, 'initContainers')])
      for (const p of objsAt(c, 'ports')) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}
