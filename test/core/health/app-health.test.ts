import { describe, expect, it } from 'vitest';
import { summarizeHealth, type NamedHealth } from '../../../src/core/health/app-health.js';
import type { HealthStatus } from '../../../src/core/health/health.js';

const h = (object: string, status: HealthStatus, message = `${status.toLowerCase()} message`): NamedHealth => ({
  object,
  status,
  message,
});

describe('summarizeHealth', () => {
  it('calls an app with no objects Healthy', () => {
    expect(summarizeHealth([])).toEqual({ status: 'Healthy', message: '0 objects healthy' });
  });

  it('counts healthy objects', () => {
    expect(summarizeHealth([h('ConfigMap/shop/a', 'Healthy')])).toEqual({
      status: 'Healthy',
      message: '1 object healthy',
    });
    expect(summarizeHealth([h('ConfigMap/shop/a', 'Healthy'), h('ConfigMap/shop/b', 'Healthy')]).message).toBe(
      '2 objects healthy',
    );
  });

  it('lets one Degraded object make the app Degraded, naming it', () => {
    const app = [
      h('ConfigMap/shop/a', 'Healthy'),
      h('Deployment/shop/web', 'Degraded', 'deployment "web" exceeded its progress deadline'),
      h('Deployment/shop/api', 'Progressing'),
      h('ConfigMap/shop/b', 'Healthy'),
    ];
    expect(summarizeHealth(app)).toEqual({
      status: 'Degraded',
      message: 'Deployment/shop/web: deployment "web" exceeded its progress deadline',
    });
  });

  it('counts the others of the worst status', () => {
    const app = [
      h('Deployment/shop/web', 'Degraded', 'crash looping'),
      h('Deployment/shop/api', 'Degraded'),
      h('StatefulSet/shop/db', 'Degraded'),
      h('Service/shop/web', 'Progressing'),
    ];
    expect(summarizeHealth(app).message).toBe('Deployment/shop/web: crash looping (and 2 more Degraded)');
  });

  it('ranks Missing over Progressing, Progressing over Unknown, Unknown over Suspended', () => {
    const pick = (...statuses: HealthStatus[]): HealthStatus =>
      summarizeHealth(statuses.map((s, i) => h(`ConfigMap/shop/${i}`, s))).status;
    expect(pick('Healthy', 'Suspended')).toBe('Suspended');
    expect(pick('Suspended', 'Unknown')).toBe('Unknown');
    expect(pick('Unknown', 'Progressing', 'Healthy')).toBe('Progressing');
    expect(pick('Progressing', 'Missing')).toBe('Missing');
    expect(pick('Missing', 'Degraded', 'Progressing')).toBe('Degraded');
  });

  it('names the first object of the worst status', () => {
    const app = [h('Job/shop/a', 'Progressing', 'running'), h('Job/shop/b', 'Progressing', 'pending')];
    expect(summarizeHealth(app)).toEqual({
      status: 'Progressing',
      message: 'Job/shop/a: running (and 1 more Progressing)',
    });
  });
});
