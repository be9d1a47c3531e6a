/**
 * Protobuf field tables for rbac.authorization.k8s.io/v1 roles and bindings (`kubectl create role|clusterrole|...`).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const RBAC_MESSAGES: MessageTable = {
  'rbac.Role': ['metadata=1 meta.ObjectMeta,omitempty', 'rules=2 []rbac.PolicyRule'],
  'rbac.PolicyRule': [
    'verbs=1 []string',
    'apiGroups=2 []string,omitempty',
    'resources=3 []string,omitempty',
    'resourceNames=4 []string,omitempty',
    'nonResourceURLs=5 []string,omitempty',
  ],
  'rbac.RoleBinding': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'subjects=2 []rbac.Subject,omitempty',
    'roleRef=3 rbac.RoleRef',
  ],
  'rbac.Subject': ['kind=1 string', 'apiGroup=2 string,omitempty', 'name=3 string', 'namespace=4 string,omitempty'],
  'rbac.RoleRef': ['apiGroup=1 string', 'kind=2 string', 'name=3 string'],
  'rbac.ClusterRole': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'rules=2 []rbac.PolicyRule',
    'aggregationRule=3 *rbac.AggregationRule,omitempty',
  ],
  'rbac.AggregationRule': ['clusterRoleSelectors=1 []meta.LabelSelector,omitempty'],
  'rbac.ClusterRoleBinding': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'subjects=2 []rbac.Subject,omitempty',
    'roleRef=3 rbac.RoleRef',
  ],
};
