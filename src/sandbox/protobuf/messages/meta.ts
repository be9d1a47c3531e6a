/**
 * Protobuf field tables for meta/v1 (ObjectMeta, LabelSelector, ...). Time, FieldsV1, IntOrString and Quantity
 * are not here: they have their own JSON forms (see special.ts).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const META_MESSAGES: MessageTable = {
  'meta.ObjectMeta': [
    'name=1 string,omitempty',
    'generateName=2 string,omitempty',
    'namespace=3 string,omitempty',
    'selfLink=4 string,omitempty',
    'uid=5 string,omitempty',
    'resourceVersion=6 string,omitempty',
    'generation=7 int64,omitempty',
    'creationTimestamp=8 meta.Time,omitempty',
    'deletionTimestamp=9 *meta.Time,omitempty',
    'deletionGracePeriodSeconds=10 *int64,omitempty',
    'labels=11 map[string]string,omitempty',
    'annotations=12 map[string]string,omitempty',
    'ownerReferences=13 []meta.OwnerReference,omitempty',
    'finalizers=14 []string,omitempty',
    'managedFields=17 []meta.ManagedFieldsEntry,omitempty',
  ],
  'meta.OwnerReference': [
    'apiVersion=5 string',
    'kind=1 string',
    'name=3 string',
    'uid=4 string',
    'controller=6 *bool,omitempty',
    'blockOwnerDeletion=7 *bool,omitempty',
  ],
  'meta.ManagedFieldsEntry': [
    'manager=1 string,omitempty',
    'operation=2 string,omitempty',
    'apiVersion=3 string,omitempty',
    'time=4 *meta.Time,omitempty',
    'fieldsType=6 string,omitempty',
    'fieldsV1=7 *meta.FieldsV1,omitempty',
    'subresource=8 string,omitempty',
  ],
  'meta.Condition': [
    'type=1 string',
    'status=2 string',
    'observedGeneration=3 int64,omitempty',
    'lastTransitionTime=4 meta.Time',
    'reason=5 string',
    'message=6 string',
  ],
  'meta.LabelSelector': [
    'matchLabels=1 map[string]string,omitempty',
    'matchExpressions=2 []meta.LabelSelectorRequirement,omitempty',
  ],
  'meta.LabelSelectorRequirement': ['key=1 string', 'operator=2 string', 'values=3 []string,omitempty'],
};
