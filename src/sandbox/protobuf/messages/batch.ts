/**
 * Protobuf field tables for batch/v1 Job and CronJob (`kubectl create job|cronjob`).
 * Generated from the descriptors and Go struct tags compiled into kubectl 1.32 (see
 * test/fixtures/protobuf/README.md); the notation is described in ../schema.ts.
 */
import type { MessageTable } from '../schema.js';

export const BATCH_MESSAGES: MessageTable = {
  'batch.Job': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 batch.JobSpec,omitempty',
    'status=3 batch.JobStatus,omitempty',
  ],
  'batch.JobSpec': [
    'parallelism=1 *int32,omitempty',
    'completions=2 *int32,omitempty',
    'activeDeadlineSeconds=3 *int64,omitempty',
    'podFailurePolicy=11 *batch.PodFailurePolicy,omitempty',
    'successPolicy=16 *batch.SuccessPolicy,omitempty',
    'backoffLimit=7 *int32,omitempty',
    'backoffLimitPerIndex=12 *int32,omitempty',
    'maxFailedIndexes=13 *int32,omitempty',
    'selector=4 *meta.LabelSelector,omitempty',
    'manualSelector=5 *bool,omitempty',
    'template=6 core.PodTemplateSpec',
    'ttlSecondsAfterFinished=8 *int32,omitempty',
    'completionMode=9 *string,omitempty',
    'suspend=10 *bool,omitempty',
    'podReplacementPolicy=14 *string,omitempty',
    'managedBy=15 *string,omitempty',
  ],
  'batch.PodFailurePolicy': ['rules=1 []batch.PodFailurePolicyRule'],
  'batch.PodFailurePolicyRule': [
    'action=1 string',
    'onExitCodes=2 *batch.PodFailurePolicyOnExitCodesRequirement,omitempty',
    'onPodConditions=3 []batch.PodFailurePolicyOnPodConditionsPattern,omitempty',
  ],
  'batch.PodFailurePolicyOnExitCodesRequirement': [
    'containerName=1 *string,omitempty',
    'operator=2 string',
    'values=3 []int32',
  ],
  'batch.PodFailurePolicyOnPodConditionsPattern': ['type=1 string', 'status=2 string'],
  'batch.SuccessPolicy': ['rules=1 []batch.SuccessPolicyRule'],
  'batch.SuccessPolicyRule': ['succeededIndexes=1 *string,omitempty', 'succeededCount=2 *int32,omitempty'],
  'batch.JobStatus': [
    'conditions=1 []batch.JobCondition,omitempty',
    'startTime=2 *meta.Time,omitempty',
    'completionTime=3 *meta.Time,omitempty',
    'active=4 int32,omitempty',
    'succeeded=5 int32,omitempty',
    'failed=6 int32,omitempty',
    'terminating=11 *int32,omitempty',
    'completedIndexes=7 string,omitempty',
    'failedIndexes=10 *string,omitempty',
    'uncountedTerminatedPods=8 *batch.UncountedTerminatedPods,omitempty',
    'ready=9 *int32,omitempty',
  ],
  'batch.JobCondition': [
    'type=1 string',
    'status=2 string',
    'lastProbeTime=3 meta.Time,omitempty',
    'lastTransitionTime=4 meta.Time,omitempty',
    'reason=5 string,omitempty',
    'message=6 string,omitempty',
  ],
  'batch.UncountedTerminatedPods': ['succeeded=1 []string,omitempty', 'failed=2 []string,omitempty'],
  'batch.CronJob': [
    'metadata=1 meta.ObjectMeta,omitempty',
    'spec=2 batch.CronJobSpec,omitempty',
    'status=3 batch.CronJobStatus,omitempty',
  ],
  'batch.CronJobSpec': [
    'schedule=1 string',
    'timeZone=8 *string,omitempty',
    'startingDeadlineSeconds=2 *int64,omitempty',
    'concurrencyPolicy=3 string,omitempty',
    'suspend=4 *bool,omitempty',
    'jobTemplate=5 batch.JobTemplateSpec',
    'successfulJobsHistoryLimit=6 *int32,omitempty',
    'failedJobsHistoryLimit=7 *int32,omitempty',
  ],
  'batch.JobTemplateSpec': ['metadata=1 meta.ObjectMeta,omitempty', 'spec=2 batch.JobSpec,omitempty'],
  'batch.CronJobStatus': [
    'active=1 []core.ObjectReference,omitempty',
    'lastScheduleTime=4 *meta.Time,omitempty',
    'lastSuccessfulTime=5 *meta.Time,omitempty',
  ],
};
