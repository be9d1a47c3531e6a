/**
 * A tiny metrics registry: counters, gauges and histograms with labels, rendered in the Prometheus
 * text exposition format 0.0.4. No dependency and no global: the composition root builds one
 * registry and hands it to whoever records. Misuse (bad names, wrong label sets) throws, because it
 * is a programming error that a test should catch, not something to serve half-right.
 */

export type Labels = Record<string, string>;

export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type Kind = 'counter' | 'gauge' | 'histogram';

interface Family {
  name: string;
  help: string;
  kind: Kind;
  render(): string[];
}

/** One label set's key in the series maps: values in label-name order, so equal sets share a series. */
class LabelledSeries<T> {
  private readonly series = new Map<string, { labels: Labels; value: T }>();
  constructor(
    private readonly metric: string,
    readonly labelNames: readonly string[],
  ) {}

  get(labels: Labels, create: () => T): T {
    const key = this.keyOf(labels);
    let entry = this.series.get(key);
    if (!entry) {
      // Stored in declared order, so every sample line lists its labels the same way.
      entry = { labels: Object.fromEntries(this.labelNames.map((n) => [n, labels[n] ?? ''])), value: create() };
      this.series.set(key, entry);
    }
    return entry.value;
  }

  remove(labels: Labels): void {
    this.series.delete(this.keyOf(labels));
  }

  clear(): void {
    this.series.clear();
  }

  /** Sorted by label values, so a scrape reads the same whatever order things happened in. */
  entries(): { labels: Labels; value: T }[] {
    return [...this.series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  }

  private keyOf(labels: Labels): string {
    const given = Object.keys(labels);
    const wrong = given.length !== this.labelNames.length || this.labelNames.some((n) => !(n in labels));
    if (wrong) {
      throw new Error(
        `metric ${this.metric}: labels {${given.join(',')}} given, {${this.labelNames.join(',')}} declared`,
      );
    }
    return JSON.stringify(this.labelNames.map((n) => labels[n]));
  }
}

export class Counter implements Family {
  readonly kind = 'counter';
  private readonly values: LabelledSeries<{ n: number }>;
  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
  ) {
    this.values = new LabelledSeries(name, labelNames);
    // An unlabelled counter exists from the start, so rate() sees its first increment.
    if (labelNames.length === 0) this.values.get({}, () => ({ n: 0 }));
  }

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`metric ${this.name}: a counter only goes up (inc by ${by})`);
    this.values.get(labels, () => ({ n: 0 })).n += by;
  }

  render(): string[] {
    return this.values.entries().map((e) => sampleLine(this.name, e.labels, e.value.n));
  }
}

export class Gauge implements Family {
  readonly kind = 'gauge';
  private readonly values: LabelledSeries<{ n: number }>;
  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
  ) {
    this.values = new LabelledSeries(name, labelNames);
    if (labelNames.length === 0) this.values.get({}, () => ({ n: 0 }));
  }

  set(labels: Labels, value: number): void {
    this.values.get(labels, () => ({ n: 0 })).n = value;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.values.get(labels, () => ({ n: 0 })).n += by;
  }

  dec(labels: Labels = {}, by = 1): void {
    this.values.get(labels, () => ({ n: 0 })).n -= by;
  }

  /** Drops one series, e.g. the status of an app that left Git. */
  remove(labels: Labels): void {
    this.values.remove(labels);
  }

  /** Drops every series, e.g. before setting per-app gauges afresh at scrape time. */
  clear(): void {
    this.values.clear();
  }

  render(): string[] {
    return this.values.entries().map((e) => sampleLine(this.name, e.labels, e.value.n));
  }
}

interface HistogramState {
  counts: number[]; // per bucket, not cumulative
  sum: number;
  count: number;
}

export class Histogram implements Family {
  readonly kind = 'histogram';
  readonly buckets: readonly number[];
  private readonly values: LabelledSeries<HistogramState>;
  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {
    if (labelNames.includes('le')) throw new Error(`metric ${name}: "le" is reserved for histogram buckets`);
    const sorted = [...buckets].filter((b) => b !== Infinity).sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b, i) => Number.isNaN(b) || (i > 0 && b === sorted[i - 1]))) {
      throw new Error(`metric ${name}: buckets must be distinct numbers`);
    }
    this.buckets = sorted;
    this.values = new LabelledSeries(name, labelNames);
  }

  observe(labels: Labels, value: number): void {
    const state = this.values.get(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    const index = this.buckets.findIndex((b) => value <= b);
    if (index >= 0) state.counts[index] = (state.counts[index] ?? 0) + 1;
    state.sum += value;
    state.count += 1;
  }

  render(): string[] {
    const lines: string[] = [];
    for (const { labels, value } of this.values.entries()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += value.counts[i] ?? 0;
        lines.push(sampleLine(`${this.name}_bucket`, { ...labels, le: formatNumber(bound) }, cumulative));
      });
      lines.push(sampleLine(`${this.name}_bucket`, { ...labels, le: '+Inf' }, value.count));
      lines.push(sampleLine(`${this.name}_sum`, labels, value.sum));
      lines.push(sampleLine(`${this.name}_count`, labels, value.count));
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly families: Family[] = [];
  private readonly collectors: (() => void)[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(new Counter(name, help, checkLabelNames(name, labelNames)));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.register(new Gauge(name, help, checkLabelNames(name, labelNames)));
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.register(new Histogram(name, help, checkLabelNames(name, labelNames), buckets));
  }

  /** Runs before every render: the place to set gauges read from current state (per-app status). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  /** The whole exposition, in registration order, ending with a newline. */
  render(): string {
    for (const collect of this.collectors) collect();
    const lines: string[] = [];
    for (const family of this.families) {
      lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
      lines.push(`# TYPE ${family.name} ${family.kind}`);
      lines.push(...family.render());
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  private register<T extends Family>(family: T): T {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name ${JSON.stringify(family.name)}`);
    if (this.families.some((f) => f.name === family.name)) {
      throw new Error(`metric ${family.name} is already registered`);
    }
    this.families.push(family);
    return family;
  }
}

/** The content type a scraper expects for this format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function checkLabelNames(metric: string, names: readonly string[]): readonly string[] {
  for (const n of names) {
    if (!LABEL_NAME.test(n) || n.startsWith('__'))
      throw new Error(`metric ${metric}: invalid label name ${JSON.stringify(n)}`);
  }
  if (new Set(names).size !== names.length) throw new Error(`metric ${metric}: duplicate label names`);
  return [...names];
}

function sampleLine(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${formatNumber(value)}`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** Label values escape backslash, double quote and line feed (format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
