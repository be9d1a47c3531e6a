/**
 * Protobuf field tables for networking.k8s.io/v1 Ingress (`kubectl create ingress`).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const NETWORKING_MESSAGES: MessageTable = {
  'networking.Ingress': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 networking.IngressSpec,omitempty',
    'status=3 networking.IngressStatus,omitempty',
  ],
  'networking.IngressSpec': [
    'ingressClassName=4 *string,omitempty',
    'defaultBackend=1 *networking.IngressBackend,omitempty',
    'tls=2 []networking.IngressTLS,omitempty',
    'rules=3 []networking.IngressRule,omitempty',
  ],
  'networking.IngressBackend': [
    'service=4 *networking.IngressServiceBackend,omitempty',
    'resource=3 *core.TypedLocalObjectReference,omitempty',
  ],
  'networking.IngressServiceBackend': ['name=1 string', 'port=2 networking.ServiceBackendPort,omitempty'],
  'networking.ServiceBackendPort': ['name=1 string,omitempty', 'number=2 int32,omitempty'],
  'networking.IngressTLS': ['hosts=1 []string,omitempty', 'secretName=2 string,omitempty'],
  'networking.IngressRule': ['host=1 string,omitempty', '=2 networking.IngressRuleValue,inline'],
  'networking.IngressRuleValue': ['http=1 *networking.HTTPIngressRuleValue,omitempty'],
  'networking.HTTPIngressRuleValue': ['paths=1 []networking.HTTPIngressPath'],
  'networking.HTTPIngressPath': [
    'path=1 string,omitempty',
    'pathType=3 *string',
    'backend=2 networking.IngressBackend',
  ],
  'networking.IngressStatus': ['loadBalancer=1 networking.IngressLoadBalancerStatus,omitempty'],
  'networking.IngressLoadBalancerStatus': ['ingress=1 []networking.IngressLoadBalancerIngress,omitempty'],
  'networking.IngressLoadBalancerIngress': [
    'ip=1 string,omitempty',
    'hostname=2 string,omitempty',
    'ports=4 []networking.IngressPortStatus,omitempty',
  ],
  'networking.IngressPortStatus': ['port=1 int32', 'protocol=2 string', 'error=3 *string,omitempty'],
};
