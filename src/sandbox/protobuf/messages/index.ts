/**
 * Every message table the decoder knows, merged into one lookup. Message names are
 * '<group alias>.<Go type>', e.g. 'core.PodSpec', 'meta.ObjectMeta', 'apps.DeploymentSpec'.
 */
import type { MessageTable } from '../schema.js';
import { APPS_MESSAGES } from './apps.js';
import { AUTOSCALING_MESSAGES } from './autoscaling.js';
import { BATCH_MESSAGES } from './batch.js';
import { CORE_CONTAINER_MESSAGES } from './core-container.js';
import { CORE_POD_MESSAGES } from './core-pod.js';
import { CORE_VOLUME_MESSAGES } from './core-volume.js';
import { CORE_MESSAGES } from './core.js';
import { META_MESSAGES } from './meta.js';
import { NETWORKING_MESSAGES } from './networking.js';
import { POLICY_MESSAGES } from './policy.js';
import { RBAC_MESSAGES } from './rbac.js';

export const ALL_MESSAGES: MessageTable = {
  ...META_MESSAGES,
  ...CORE_MESSAGES,
  ...CORE_POD_MESSAGES,
  ...CORE_CONTAINER_MESSAGES,
  ...CORE_VOLUME_MESSAGES,
  ...APPS_MESSAGES,
  ...BATCH_MESSAGES,
  ...RBAC_MESSAGES,
  ...NETWORKING_MESSAGES,
  ...POLICY_MESSAGES,
  ...AUTOSCALING_MESSAGES,
};
