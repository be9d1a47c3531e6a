/**
 * Protobuf field tables for apps/v1 Deployment (what `kubectl create deployment` sends).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const APPS_MESSAGES: MessageTable = {
  'apps.Deployment': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 apps.DeploymentSpec,omitempty',
    'status=3 apps.DeploymentStatus,omitempty',
  ],
  'apps.DeploymentSpec': [
    'replicas=1 *int32,omitempty',
    'selector=2 *meta.LabelSelector',
    'template=3 core.PodTemplateSpec',
    'strategy=4 apps.DeploymentStrategy,omitempty',
    'minReadySeconds=5 int32,omitempty',
    'revisionHistoryLimit=6 *int32,omitempty',
    'paused=7 bool,omitempty',
    'progressDeadlineSeconds=9 *int32,omitempty',
  ],
  'apps.DeploymentStrategy': ['type=1 string,omitempty', 'rollingUpdate=2 *apps.RollingUpdateDeployment,omitempty'],
  'apps.RollingUpdateDeployment': [
    'maxUnavailable=1 *intstr.IntOrString,omitempty',
    'maxSurge=2 *intstr.IntOrString,omitempty',
  ],
  'apps.DeploymentStatus': [
    'observedGeneration=1 int64,omitempty',
    'replicas=2 int32,omitempty',
    'updatedReplicas=3 int32,omitempty',
    'readyReplicas=7 int32,omitempty',
    'availableReplicas=4 int32,omitempty',
    'unavailableReplicas=5 int32,omitempty',
    'conditions=6 []apps.DeploymentCondition,omitempty',
    'collisionCount=8 *int32,omitempty',
  ],
  'apps.DeploymentCondition': [
    'type=1 string',
    'status=2 string',
    'lastUpdateTime=6 meta.Time,omitempty',
    'lastTransitionTime=7 meta.Time,omitempty',
    'reason=4 string,omitempty',
    'message=5 string,omitempty',
  ],
};
