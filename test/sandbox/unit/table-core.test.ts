import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { toTable } from '../../../src/sandbox/table/table.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const CREATED = '2025-03-01T11:00:00Z'; // 60m before NOW

function typeOf(kind: string): ResourceType {
  const t = builtinTypes().find((x) => x.kind === kind);
  if (!t) throw new Error(kind);
  return t;
}

function row(kind: string, obj: Obj, wide = true): Record<string, unknown> {
  const table = toTable(typeOf(kind), [obj], { now: NOW });
  const defs = table.columnDefinitions as { name: string; priority: number }[];
  const cells = (table.rows as { cells: unknown[] }[])[0]?.cells ?? [];
  return Object.fromEntries(
    defs.map((d, i) => [d.name, cells[i]] as const).filter((_, i) => wide || defs[i]?.priority === 0),
  );
}

function meta(name: string, extra: Obj = {}): Obj {
  return { name, namespace: 'demo', creationTimestamp: CREATED, ...extra };
}

describe('services and networking', () => {
  it('prints the kubernetes ClusterIP service', () => {
    expect(
      row('Service', {
        metadata: meta('kubernetes'),
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.96.0.1',
          clusterIPs: ['10.96.0.1'],
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        },
      }),
    ).toEqual({
      Name: 'kubernetes',
      Type: 'ClusterIP',
      'Cluster-IP': '10.96.0.1',
      'External-IP': '<none>',
      'Port(s)': '443/TCP',
      Age: '60m',
      Selector: '<none>',
    });
  });

  it('prints NodePort ports, a pending LoadBalancer, an assigned one, headless and ExternalName', () => {
    const np = row('Service', {
      metadata: meta('np'),
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.3.4'],
        selector: { app: 'web' },
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    });
    expect([np['Port(s)'], np.Selector]).toEqual(['80:30080/TCP,53/UDP', 'app=web']);
    const lb = { type: 'LoadBalancer', clusterIPs: ['10.96.9.9'], ports: [{ port: 443, nodePort: 31443 }] };
    expect(row('Service', { metadata: meta('lb'), spec: lb })['External-IP']).toBe('<pending>');
    expect(
      row('Service', {
        metadata: meta('lb'),
        spec: lb,
        status: {
          loadBalancer: { ingress: [{ ip: '203.0.113.7' }, { hostname: 'a-very-long-hostname.elb.example.com' }] },
        },
      })['External-IP'],
    ).toBe('203.0.113.7,a-very-long-hostname.elb.example.com');
    const headless = row('Service', {
      metadata: meta('db'),
      spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [] },
    });
    expect([headless.Type, headless['Cluster-IP'], headless['Port(s)']]).toEqual(['ClusterIP', 'None', '<none>']);
    const ext = row('Service', {
      metadata: meta('ext'),
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    });
    expect([ext['Cluster-IP'], ext['External-IP']]).toEqual(['<none>', 'db.example.com']);
  });

  it('prints Endpoints as up to three ip:port pairs', () => {
    const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip }));
    expect(
      row('Endpoints', { metadata: meta('web'), subsets: [{ addresses, ports: [{ port: 8080 }] }] }).Endpoints,
    ).toBe('10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...');
    expect(row('Endpoints', { metadata: meta('none') }).Endpoints).toBe('<none>');
  });

  it('prints an Ingress with class, hosts, address and TLS ports', () => {
    const r = row('Ingress', {
      metadata: meta('web'),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'] }],
        rules: [{ host: 'shop.example.com' }, { host: 'api.example.com' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
    });
    expect(r).toEqual({
      Name: 'web',
      Class: 'nginx',
      Hosts: 'shop.example.com,api.example.com',
      Address: '192.0.2.10',
      Ports: '80, 443',
      Age: '60m',
    });
    const bare = row('Ingress', { metadata: meta('any'), spec: { defaultBackend: {} } });
    expect([bare.Class, bare.Hosts, bare.Address, bare.Ports]).toEqual(['<none>', '*', '', '80']);
  });

  it('prints IngressClass parameters and NetworkPolicy pod selectors', () => {
    expect(
      row('IngressClass', {
        metadata: meta('nginx'),
        spec: {
          controller: 'k8s.io/ingress-nginx',
          parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
        },
      }),
    ).toEqual({
      Name: 'nginx',
      Controller: 'k8s.io/ingress-nginx',
      Parameters: 'IngressParameters.k8s.example.com/external-lb',
      Age: '60m',
    });
    expect(row('NetworkPolicy', { metadata: meta('deny'), spec: { podSelector: {} } })['Pod-Selector']).toBe('<none>');
    expect(
      row('NetworkPolicy', { metadata: meta('web'), spec: { podSelector: { matchLabels: { role: 'db' } } } })[
        'Pod-Selector'
      ],
    ).toBe('role=db');
  });
});

describe('config and cluster objects', () => {
  it('counts ConfigMap and Secret data and shows the secret type', () => {
    expect(row('ConfigMap', { metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: 'AA==' } })).toEqual({
      Name: 'cfg',
      Data: 2,
      Age: '60m',
    });
    expect(
      row('Secret', { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }),
    ).toEqual({
      Name: 'tls',
      Type: 'kubernetes.io/tls',
      Data: 2,
      Age: '60m',
    });
    expect(row('Secret', { metadata: meta('empty'), type: 'Opaque' }).Data).toBe(0);
  });

  it('prints Namespace status, ServiceAccount secrets and Lease holder', () => {
    expect(row('Namespace', { metadata: meta('demo'), status: { phase: 'Terminating' } }).Status).toBe('Terminating');
    expect(row('Namespace', { metadata: meta('demo'), status: { phase: 'Active' } })).toEqual({
      Name: 'demo',
      Status: 'Active',
      Age: '60m',
    });
    expect(row('ServiceAccount', { metadata: meta('default') })).toEqual({ Name: 'default', Secrets: 0, Age: '60m' });
    expect(
      row('Lease', { metadata: meta('kube-controller-manager'), spec: { holderIdentity: 'cp-1_abc' } }).Holder,
    ).toBe('cp-1_abc');
  });

  it('prints a Node with status, roles and the wide system info', () => {
    const node = {
      metadata: meta('cp-1', {
        labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' },
      }),
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'cp-1' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.5',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      },
    };
    expect(row('Node', node)).toEqual({
      Name: 'cp-1',
      Status: 'Ready,SchedulingDisabled',
      Roles: 'control-plane',
      Age: '60m',
      Version: 'v1.32.5',
      'Internal-IP': '172.18.0.2',
      'External-IP': '<none>',
      'OS-Image': 'Debian GNU/Linux 12 (bookworm)',
      'Kernel-Version': '6.1.0',
      'Container-Runtime': 'containerd://1.7.24',
    });
    const bare = row('Node', { metadata: meta('w-1'), status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
    expect([bare.Status, bare.Roles, bare['OS-Image']]).toEqual(['NotReady', '<none>', '<unknown>']);
  });

  it('prints Events with LAST SEEN, TYPE, REASON, OBJECT, MESSAGE', () => {
    const ev = {
      metadata: meta('web-0.17f1a2b3c4d5e6f7'),
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'demo', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web-0_demo(uid)\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2025-03-01T11:40:00Z',
      lastTimestamp: '2025-03-01T11:59:15Z',
      count: 12,
      type: 'Warning',
    };
    expect(row('Event', ev, false)).toEqual({
      'Last Seen': '45s',
      Type: 'Warning',
      Reason: 'BackOff',
      Object: 'pod/web-0',
      Message: 'Back-off restarting failed container app in pod web-0_demo(uid)',
    });
    expect(row('Event', ev)).toMatchObject({
      Subobject: 'spec.containers{app}',
      Source: 'kubelet, node-1',
      'First Seen': '20m',
      Count: 12,
      Name: 'web-0.17f1a2b3c4d5e6f7',
    });
    const newApi = row('Event', {
      metadata: meta('x'),
      involvedObject: { kind: 'Deployment', name: 'web' },
      eventTime: '2025-03-01T11:59:00.000000Z',
      reportingComponent: 'deployment-controller',
      reason: 'ScalingReplicaSet',
      type: 'Normal',
    });
    expect([newApi['Last Seen'], newApi['First Seen'], newApi.Count, newApi.Source]).toEqual([
      '60s',
      '60s',
      1,
      'deployment-controller',
    ]);
  });

  it('prints ResourceQuota requests and limits as used/hard, sorted by resource', () => {
    const r = row('ResourceQuota', {
      metadata: meta('compute'),
      status: {
        hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '8Gi', 'limits.cpu': '8' },
        used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' },
      },
    });
    expect([r.Request, r.Limit]).toEqual(['pods: 3/10, requests.cpu: 500m/4', 'limits.cpu: 1/8, limits.memory: 0/8Gi']);
  });

  it('prints RoleBinding role and wide subjects', () => {
    expect(
      row('RoleBinding', {
        metadata: meta('view'),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
          { kind: 'ServiceAccount', name: 'bot', namespace: 'demo' },
        ],
      }),
    ).toEqual({
      Name: 'view',
      Role: 'ClusterRole/view',
      Age: '60m',
      Users: 'jane',
      Groups: 'devs',
      ServiceAccounts: 'tools/ci, demo/bot',
    });
  });
});

describe('storage', () => {
  it('prints a bound PVC and its PV', () => {
    const pvc = row('PersistentVolumeClaim', {
      metadata: meta('data'),
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'standard',
        volumeName: 'pvc-123',
        resources: { requests: { storage: '1Gi' } },
      },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
    });
    expect(pvc).toEqual({
      Name: 'data',
      Status: 'Bound',
      Volume: 'pvc-123',
      Capacity: '1Gi',
      'Access Modes': 'RWO',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
      Age: '60m',
      VolumeMode: 'Filesystem',
    });
    const pv = row('PersistentVolume', {
      metadata: meta('pvc-123', { namespace: undefined }),
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'standard',
        claimRef: { namespace: 'demo', name: 'data' },
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    });
    expect(pv).toEqual({
      Name: 'pvc-123',
      Capacity: '1Gi',
      'Access Modes': 'RWO,RWX',
      'Reclaim Policy': 'Delete',
      Status: 'Bound',
      Claim: 'demo/data',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
      Reason: '',
      Age: '60m',
      VolumeMode: 'Filesystem',
    });
  });

  it('leaves capacity and access modes empty for a pending PVC', () => {
    const r = row('PersistentVolumeClaim', {
      metadata: meta('wait'),
      spec: { accessModes: ['ReadWriteOnce'] },
      status: { phase: 'Pending' },
    });
    expect([r.Status, r.Volume, r.Capacity, r['Access Modes'], r.StorageClass]).toEqual(['Pending', '', '', '', '']);
  });

  it('marks the default StorageClass and fills defaulted fields', () => {
    expect(
      row('StorageClass', {
        metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        provisioner: 'rancher.io/local-path',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    ).toEqual({
      Name: 'standard (default)',
      Provisioner: 'rancher.io/local-path',
      ReclaimPolicy: 'Delete',
      VolumeBindingMode: 'WaitForFirstConsumer',
      AllowVolumeExpansion: false,
      Age: '60m',
    });
  });
});
