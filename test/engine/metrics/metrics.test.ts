import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../../src/engine/metrics/metrics.js';

describe('metrics registry', () => {
  it('renders counters, gauges and histograms in Prometheus text format 0.0.4', () => {
    const r = new MetricsRegistry();
    const syncs = r.counter('sextant_syncs_total', 'Syncs finished, by app and outcome.', ['app', 'outcome']);
    const up = r.gauge('sextant_leader', 'Whether this replica leads.');
    const took = r.histogram('sextant_sync_duration_seconds', 'Sync duration.', ['app'], [0.5, 1, 5]);
    syncs.inc({ outcome: 'Succeeded', app: 'web' });
    syncs.inc({ app: 'web', outcome: 'Succeeded' }, 2);
    syncs.inc({ app: 'api', outcome: 'Failed' });
    up.set({}, 1);
    took.observe({ app: 'web' }, 0.2);
    took.observe({ app: 'web' }, 0.7);
    took.observe({ app: 'web' }, 30);
    expect(r.render()).toBe(
      [
        '# HELP sextant_syncs_total Syncs finished, by app and outcome.',
        '# TYPE sextant_syncs_total counter',
        'sextant_syncs_total{app="api",outcome="Failed"} 1',
        'sextant_syncs_total{app="web",outcome="Succeeded"} 3',
        '# HELP sextant_leader Whether this replica leads.',
        '# TYPE sextant_leader gauge',
        'sextant_leader 1',
        '# HELP sextant_sync_duration_seconds Sync duration.',
        '# TYPE sextant_sync_duration_seconds histogram',
        'sextant_sync_duration_seconds_bucket{app="web",le="0.5"} 1',
        'sextant_sync_duration_seconds_bucket{app="web",le="1"} 2',
        'sextant_sync_duration_seconds_bucket{app="web",le="5"} 2',
        'sextant_sync_duration_seconds_bucket{app="web",le="+Inf"} 3',
        'sextant_sync_duration_seconds_sum{app="web"} 30.9',
        'sextant_sync_duration_seconds_count{app="web"} 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text', () => {
    const r = new MetricsRegistry();
    r.gauge('g', 'line one\nback\\slash', ['msg']).set({ msg: 'say "hi"\nC:\\path' }, 2);
    expect(r.render()).toContain('# HELP g line one\\nback\\\\slash\n');
    expect(r.render()).toContain('g{msg="say \\"hi\\"\\nC:\\\\path"} 2\n');
  });

  it('shows an unlabelled counter at 0 before anything happened, and a labelled one only once used', () => {
    const r = new MetricsRegistry();
    r.counter('polls_total', 'Polls.');
    r.counter('errors_total', 'Errors.', ['code']);
    expect(r.render()).toBe(
      '# HELP polls_total Polls.\n# TYPE polls_total counter\npolls_total 0\n# HELP errors_total Errors.\n# TYPE errors_total counter\n',
    );
  });

  it('lets gauges be set at scrape time and series be removed', () => {
    const r = new MetricsRegistry();
    const status = r.gauge('app_synced', 'Whether an app is synced.', ['app']);
    let apps = ['a', 'b'];
    r.onCollect(() => {
      status.clear();
      for (const app of apps) status.set({ app }, 1);
    });
    expect(r.render()).toContain('app_synced{app="b"} 1');
    apps = ['a'];
    expect(r.render()).not.toContain('app="b"');
    const queue = r.gauge('queue_depth', 'Apps waiting.', ['app']);
    queue.inc({ app: 'a' });
    queue.inc({ app: 'c' });
    queue.dec({ app: 'c' }, 3);
    queue.remove({ app: 'a' });
    expect(r.render()).toContain('# TYPE queue_depth gauge\nqueue_depth{app="c"} -2\n');
  });

  it('renders special values as Prometheus spells them', () => {
    const r = new MetricsRegistry();
    const g = r.gauge('v', 'Values.', ['k']);
    g.set({ k: 'inf' }, Infinity);
    g.set({ k: 'nan' }, NaN);
    g.set({ k: 'ninf' }, -Infinity);
    expect(r.render()).toContain('v{k="inf"} +Inf\nv{k="nan"} NaN\nv{k="ninf"} -Inf\n');
  });

  it('refuses misuse loudly', () => {
    const r = new MetricsRegistry();
    const c = r.counter('c_total', 'C.', ['app']);
    expect(() => r.counter('c_total', 'again')).toThrow(/already registered/);
    expect(() => r.gauge('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => r.gauge('g', 'x', ['__reserved'])).toThrow(/invalid label name/);
    expect(() => r.histogram('h', 'x', ['le'])).toThrow(/reserved/);
    expect(() => c.inc({ app: 'a' }, -1)).toThrow(/only goes up/);
    expect(() => c.inc({ other: 'a' })).toThrow(/declared/);
    expect(() => c.inc()).toThrow(/declared/);
  });
});
