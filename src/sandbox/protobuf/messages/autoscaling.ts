/**
 * Protobuf field tables for autoscaling/v1 HorizontalPodAutoscaler (what `kubectl autoscale` 1.32 sends).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const AUTOSCALING_MESSAGES: MessageTable = {
  'autoscaling.HorizontalPodAutoscaler': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 autoscaling.HorizontalPodAutoscalerSpec,omitempty',
    'status=3 autoscaling.HorizontalPodAutoscalerStatus,omitempty',
  ],
  'autoscaling.HorizontalPodAutoscalerSpec': [
    'scaleTargetRef=1 autoscaling.CrossVersionObjectReference',
    'minReplicas=2 *int32,omitempty',
    'maxReplicas=3 int32',
    'targetCPUUtilizationPercentage=4 *int32,omitempty',
  ],
  'autoscaling.CrossVersionObjectReference': ['kind=1 string', 'name=2 string', 'apiVersion=3 string,omitempty'],
  'autoscaling.HorizontalPodAutoscalerStatus': [
    'observedGeneration=1 *int64,omitempty',
    'lastScaleTime=2 *meta.Time,omitempty',
    'currentReplicas=3 int32',
    'desiredReplicas=4 int32',
    'currentCPUUtilizationPercentage=5 *int32,omitempty',
  ],
};
