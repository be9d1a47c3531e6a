/**
 * The sandbox's single node, registered as a kubelet registers itself: labels, addresses,
 * capacity and the pressure/Ready conditions `kubectl get nodes` and the scheduler read.
 * If someone deletes it, it registers again, as a running kubelet would.
 */
import type { ChangeEvent } from '../api/types.js';
import { nameOf, type Obj } from '../model.js';
import { objAt } from './fields.js';
import type { Controller, Runtime } from './runtime.js';

export const NODE_NAME = 'sandbox-node';
export const NODE_IP = '172.18.0.2';
export const KUBELET_VERSION = 'v1.32.0';
const NODE_CIDR = '10.244.0.0/24';

export function nodeObject(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: NODE_CIDR, podCIDRs: [NODE_CIDR] },
  };
}

function resources(): Obj {
  return { cpu: '8', 'ephemeral-storage': '102624184Ki', 'hugepages-2Mi': '0', memory: '16365856Ki', pods: '110' };
}

export function nodeStatus(now: string, previous: Obj): Obj {
  const cond = (type: string, status: string, reason: string, message: string): Obj => {
    const old = (Array.isArray(previous.conditions) ? (previous.conditions as Obj[]) : []).find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: old?.lastHeartbeatTime ?? now,
      lastTransitionTime: old?.status === status ? (old.lastTransitionTime ?? now) : now,
      reason,
      message,
    };
  };
  return {
    ...previous,
    addresses: [
      { type: 'InternalIP', address: NODE_IP },
      { type: 'Hostname', address: NODE_NAME },
    ],
    allocatable: resources(),
    capacity: resources(),
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: '5c1e0e4e-7f5a-4b8e-9d57-2f0d5c3e9a11',
      containerRuntimeVersion: 'containerd://1.7.24',
      kernelVersion: '6.1.0-sandbox',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: '8d2f1a6c3b9e4f70a1c2d3e4f5a6b7c8',
      operatingSystem: 'linux',
      osImage: 'Sextant sandbox',
      systemUUID: '8d2f1a6c-3b9e-4f70-a1c2-d3e4f5a6b7c8',
    },
  };
}

export function createNodeController(rt: Runtime): Controller {
  return {
    name: 'kubelet-node',
    keysFor: (ev: ChangeEvent) =>
      ev.resource.group === '' && ev.resource.kind === 'Node' && nameOf(ev.object) === NODE_NAME ? [NODE_NAME] : [],
    initialKeys: () => [NODE_NAME],
    sync(): undefined {
      const t = rt.type('v1', 'Node');
      let node = rt.cluster.get(t, '', NODE_NAME);
      if (!node) node = rt.cluster.create(t, nodeObject(), { manager: 'kubelet' });
      rt.writeStatus(t, node, nodeStatus(rt.nowIso(), objAt(node, 'status')), 'kubelet');
      return undefined;
    },
  };
}
