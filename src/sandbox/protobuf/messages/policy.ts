/**
 * Protobuf field tables for policy/v1 PodDisruptionBudget (`kubectl create poddisruptionbudget`).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const POLICY_MESSAGES: MessageTable = {
  'policy.PodDisruptionBudget': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 policy.PodDisruptionBudgetSpec,omitempty',
    'status=3 policy.PodDisruptionBudgetStatus,omitempty',
  ],
  'policy.PodDisruptionBudgetSpec': [
    'minAvailable=1 *intstr.IntOrString,omitempty',
    'selector=2 *meta.LabelSelector,omitempty',
    'maxUnavailable=3 *intstr.IntOrString,omitempty',
    'unhealthyPodEvictionPolicy=4 *string,omitempty',
  ],
  'policy.PodDisruptionBudgetStatus': [
    'observedGeneration=1 int64,omitempty',
    'disruptedPods=2 map[string]meta.Time,omitempty',
    'disruptionsAllowed=3 int32',
    'currentHealthy=4 int32',
    'desiredHealthy=5 int32',
    'expectedPods=6 int32',
    'conditions=7 []meta.Condition,omitempty',
  ],
};
