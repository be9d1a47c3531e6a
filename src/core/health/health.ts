/**
 * The health vocabulary shared by every per-kind assessor, and small constructors so each rule reads as
 * one line. The statuses follow Argo CD's names; the judgement behind them follows kubectl rollout status
 * and kstatus.
 */

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended' | 'Unknown';

export interface Health {
  status: HealthStatus;
  /** One sentence a user can act on; never empty. */
  message: string;
}

export const healthy = (message: string): Health => ({ status: 'Healthy', message });
export const progressing = (message: string): Health => ({ status: 'Progressing', message });
export const degraded = (message: string): Health => ({ status: 'Degraded', message });
export const suspended = (message: string): Health => ({ status: 'Suspended', message });
export const unknown = (message: string): Health => ({ status: 'Unknown', message });
