/**
 * The sandbox's simulated control plane: what kube-controller-manager, kube-scheduler and the
 * kubelet of its one node would do, driven by the API's change feed and an injected clock.
 */
import type { ClusterAccess, Scheduler } from '../api/types.js';
import { createCronJobController } from './cronjob.js';
import { createDaemonSetController } from './daemonset.js';
import { createDeploymentController } from './deployment.js';
import { createGarbageCollector } from './garbage-collector.js';
import { createHpaController } from './hpa.js';
import { createIngressController } from './ingress.js';
import { createJobController } from './job.js';
import { createKubelet } from './kubelet.js';
import { createNamespaceController } from './namespace.js';
import { createNodeController } from './node.js';
import type { ControllerOptions } from './options.js';
import { createReplicaSetController } from './replicaset.js';
import { Runtime, type Controller } from './runtime.js';
import { createServiceController } from './services.js';
import { createServiceAccountController } from './service-accounts.js';
import { createStatefulSetController } from './statefulset.js';
import { createVolumeController } from './volumes.js';

export { defaultControllerOptions, type ControllerOptions } from './options.js';
export { NODE_NAME } from './node.js';
export { LOAD_BALANCER_IP } from './services.js';

const CONTROLLERS: ((rt: Runtime) => Controller)[] = [
  createNodeController,
  createKubelet,
  createReplicaSetController,
  createDeploymentController,
  createStatefulSetController,
  createDaemonSetController,
  createJobController,
  createCronJobController,
  createNamespaceController,
  createVolumeController,
  createServiceController,
  createServiceAccountController,
  createIngressController,
  createHpaController,
  createGarbageCollector,
];

/** Starts every controller; stop() cancels their timers and unsubscribes them from the cluster. */
export function startControllers(
  cluster: ClusterAccess,
  scheduler: Scheduler,
  opts: ControllerOptions,
): { stop(): void } {
  const rt = new Runtime(cluster, scheduler, opts);
  for (const make of CONTROLLERS) rt.register(make(rt));
  rt.start();
  return { stop: () => rt.stop() };
}
