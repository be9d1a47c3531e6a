/**
 * The in-cluster install (manifests/): the real kubectl applies it server-side to the sandbox, and
 * what a cluster admin audits holds — probes, a hardened pod, least-privilege RBAC, wiring that
 * resolves (env in args, secret files inside mounts, the Service reaching the container port).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isObj } from '../../src/core/snapshot.js';
import { kubectlFor, type KubectlResult } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFESTS = path.join(ROOT, 'manifests');
const NS = 'sextant-system';

type Obj = Record<string, unknown>;

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

/** Every document of every manifest file, in the order kubectl applies them. */
function readManifests(): Obj[] {
  return fs
    .readdirSync(MANIFESTS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(MANIFESTS, f), 'utf8')))
    .map((d): unknown => {
      if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('; '));
      const json: unknown = d.toJSON();
      return json;
    })
    .filter(isObj);
}

function obj(value: unknown): Obj {
  if (!isObj(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isObj) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function getJson(args: string[]): Promise<Obj> {
  const r: KubectlResult = await kubectl(['get', ...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return obj(JSON.parse(r.stdout));
}

function container(deployment: Obj): Obj {
  const spec = obj(obj(obj(deployment.spec).template).spec);
  const [first] = list(spec.containers);
  return obj(first);
}

describe('kubectl apply --server-side -f manifests/', () => {
  it('applies cleanly, and again with nothing to change', async () => {
    const first = await kubectl(['apply', '--server-side', '-f', MANIFESTS]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('namespace/sextant-system serverside-applied');
    expect(first.stdout).toContain('deployment.apps/sextant serverside-applied');
    const again = await kubectl(['apply', '--server-side', '-f', MANIFESTS]);
    expect(again.code).toBe(0);
  });

  it('runs two replicas of the daemon with health and readiness probes on port 8080', async () => {
    const deploy = await getJson(['deployment', 'sextant', '-n', NS]);
    expect(obj(deploy.spec).replicas).toBe(2);
    const c = container(deploy);
    const ports = list(c.ports);
    expect(ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 8080 }));
    const probe = (p: unknown): Obj => obj(obj(p).httpGet);
    expect(probe(c.livenessProbe)).toMatchObject({ path: '/healthz', port: 'http' });
    expect(probe(c.readinessProbe)).toMatchObject({ path: '/readyz', port: 'http' });
    expect(strings(c.args).slice(0, 3)).toEqual(['run', '--listen', '0.0.0.0:8080']);
    expect(obj(obj(obj(deploy.spec).template).spec).serviceAccountName).toBe('sextant');
  });

  it('runs the pod hardened: non-root, read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp', async () => {
    const c = container(await getJson(['deployment', 'sextant', '-n', NS]));
    const sc = obj(c.securityContext);
    expect(sc).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(strings(obj(sc.capabilities).drop)).toEqual(['ALL']);
    expect(obj(sc.seccompProfile).type).toBe('RuntimeDefault');
    const resources = obj(c.resources);
    expect(Object.keys(obj(resources.requests)).sort()).toEqual(['cpu', 'memory']);
    expect(obj(resources.limits).memory).toBeDefined();
  });

  it('creates the service account and a ClusterIP Service from port 80 to the http port', async () => {
    const sa = await getJson(['serviceaccount', 'sextant', '-n', NS]);
    expect(obj(sa.metadata).name).toBe('sextant');
    const svc = obj((await getJson(['service', 'sextant', '-n', NS])).spec);
    expect(svc.type).toBe('ClusterIP');
    expect(list(svc.ports)).toEqual([expect.objectContaining({ port: 80, targetPort: 'http' })]);
    expect(obj(svc.selector)).toEqual({ 'app.kubernetes.io/name': 'sextant' });
  });

  it('grants a ClusterRole with no wildcard, no RBAC writes and read-only CRDs', async () => {
    const rules = list((await getJson(['clusterrole', 'sextant'])).rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs']) {
        expect(strings(rule[field]), `${field} of ${JSON.stringify(rule)}`).not.toContain('*');
      }
      expect(strings(rule.verbs).filter((v) => ['bind', 'impersonate', 'escalate'].includes(v))).toEqual([]);
      expect(strings(rule.apiGroups)).not.toContain('rbac.authorization.k8s.io');
    }
    const crds = rules.filter((r) => strings(r.apiGroups).includes('apiextensions.k8s.io'));
    expect(crds.flatMap((r) => strings(r.verbs)).sort()).toEqual(['get', 'list', 'watch']);
    const namespaces = rules.filter(
      (r) => strings(r.apiGroups).includes('') && strings(r.resources).includes('namespaces'),
    );
    expect(namespaces.flatMap((r) => strings(r.verbs))).not.toContain('delete');
  });

  it('lets the daemon keep its own state in sextant-system: events and the leader lease', async () => {
    const rules = list((await getJson(['role', 'sextant-state', '-n', NS])).rules);
    const verbsFor = (group: string, resource: string): string[] =>
      rules
        .filter((r) => strings(r.apiGroups).includes(group) && strings(r.resources).includes(resource))
        .flatMap((r) => strings(r.verbs));
    expect(verbsFor('coordination.k8s.io', 'leases')).toEqual(expect.arrayContaining(['get', 'create', 'update']));
    expect(verbsFor('', 'events')).toEqual(expect.arrayContaining(['create', 'patch']));
    expect(verbsFor('', 'secrets')).toEqual(expect.arrayContaining(['get', 'list', 'create', 'delete']));
    const binding = await getJson(['rolebinding', 'sextant-state', '-n', NS]);
    expect(list(binding.subjects)).toEqual([{ kind: 'ServiceAccount', name: 'sextant', namespace: NS }]);
  });
});

describe('the manifests as files', () => {
  const docs = readManifests();
  const ofKind = (kind: string): Obj[] => docs.filter((d) => d.kind === kind);

  it('binds no role but its own, and never cluster-admin, to the sextant service account only', () => {
    const bindings = [...ofKind('ClusterRoleBinding'), ...ofKind('RoleBinding')];
    expect(bindings.length).toBeGreaterThan(0);
    for (const b of bindings) {
      expect(obj(b.roleRef).name).not.toMatch(/^(cluster-admin|admin|edit)$/);
      expect(list(b.subjects)).toEqual([{ kind: 'ServiceAccount', name: 'sextant', namespace: NS }]);
    }
    const roleNames = new Set([...ofKind('ClusterRole'), ...ofKind('Role')].map((r) => obj(r.metadata).name));
    for (const b of bindings) expect(roleNames).toContain(obj(b.roleRef).name);
  });

  it('creates the namespace before anything that lives in it', () => {
    const first = docs.findIndex((d) => d.kind === 'Namespace');
    const firstNamespaced = docs.findIndex((d) => obj(d.metadata).namespace === NS);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(firstNamespaced);
  });

  it('defines every $(VAR) the args use, from keys the ConfigMap has', () => {
    const [deploy] = ofKind('Deployment');
    const c = container(obj(deploy));
    const env = list(c.env);
    const used = strings(c.args).flatMap((a) => [...a.matchAll(/\$\((\w+)\)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    const config = ofKind('ConfigMap').find((cm) => obj(cm.metadata).name === 'sextant-config');
    const keys = Object.keys(obj(config?.data));
    for (const name of used) {
      const entry = env.find((e) => e.name === name);
      expect(entry, `env ${name}`).toBeDefined();
      const ref = obj(obj(entry?.valueFrom).configMapKeyRef);
      expect(ref.name).toBe('sextant-config');
      expect(keys).toContain(ref.key);
    }
  });

  it('points SEXTANT_GIT_TOKEN_FILE and SEXTANT_WEBHOOK_SECRET_FILE at keys of mounted Secrets', () => {
    const [deploy] = ofKind('Deployment');
    const pod = obj(obj(obj(obj(deploy).spec).template).spec);
    const c = container(obj(deploy));
    const expected = { SEXTANT_GIT_TOKEN_FILE: 'sextant-git', SEXTANT_WEBHOOK_SECRET_FILE: 'sextant-webhook' };
    for (const [name, secretName] of Object.entries(expected)) {
      const value = list(c.env).find((e) => e.name === name)?.value;
      expect(typeof value, name).toBe('string');
      const file = String(value);
      const mount = list(c.volumeMounts).find((m) => path.posix.dirname(file) === m.mountPath);
      expect(mount, `a volume mounted at ${path.posix.dirname(file)}`).toBeDefined();
      const volume = list(pod.volumes).find((v) => v.name === mount?.name);
      expect(obj(volume?.secret).secretName).toBe(secretName);
    }
  });

  it('runs as the image user, with writable mounts where the read-only root needs them', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const user = /^USER\s+(\d+)(?::(\d+))?\s*$/m.exec(dockerfile);
    const [deploy] = ofKind('Deployment');
    const pod = obj(obj(obj(obj(deploy).spec).template).spec);
    expect(obj(pod.securityContext).runAsUser).toBe(Number(user?.[1]));
    const mounts = list(container(obj(deploy)).volumeMounts).map((m) => m.mountPath);
    // The image's node user has HOME=/home/node; the Git cache defaults to $HOME/.cache/sextant.
    expect(mounts).toEqual(expect.arrayContaining(['/home/node/.cache', '/tmp']));
  });
});
