/**
 * One queue per app: at most one job runs per app, the newest request replaces an older queued one,
 * and a newer commit cancels a sync of the same app still under way (it is recorded as Cancelled and
 * the new revision syncs next). Apps run in parallel up to a bound; an app waits for the apps it
 * depends on to settle before it starts.
 */

export interface QueuedJob {
  app: string;
  dependsOn: readonly string[];
  /** True when a newer instance of this job should cancel a running one (a new commit). */
  supersedes: boolean;
  describe: string;
  run(signal: AbortSignal): Promise<void>;
}

interface Lane {
  queued?: QueuedJob;
  running?: { job: QueuedJob; abort: AbortController };
  idle: Promise<void>;
  settle?: () => void;
}

export class AppQueue {
  private readonly lanes = new Map<string, Lane>();
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly stopSignal: AbortSignal,
    private readonly onError: (app: string, err: unknown) => void,
  ) {}

  private lane(app: string): Lane {
    let l = this.lanes.get(app);
    if (!l) {
      l = { idle: Promise.resolve() };
      this.lanes.set(app, l);
    }
    return l;
  }

  isBusy(app: string): boolean {
    const l = this.lanes.get(app);
    return l !== undefined && (l.running !== undefined || l.queued !== undefined);
  }

  /** Queues a job; a running sync of the same app is cancelled when the new job supersedes it. */
  enqueue(job: QueuedJob): void {
    if (this.stopSignal.aborted) return;
    const l = this.lane(job.app);
    l.queued = job;
    if (l.running && job.supersedes && l.running.job.supersedes) {
      l.running.abort.abort(new Error(`superseded by ${job.describe}`));
    }
    if (!l.settle) void this.drive(job.app, l);
  }

  /** Resolves when every lane is idle (for shutdown and tests). */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.lanes.values()].filter((l) => l.settle);
      if (busy.length === 0) return;
      await Promise.all(busy.map((l) => l.idle));
    }
  }

  private async drive(app: string, l: Lane): Promise<void> {
    l.idle = new Promise((resolve) => (l.settle = resolve));
    try {
      while (l.queued && !this.stopSignal.aborted) {
        const job = l.queued;
        l.queued = undefined;
        // Dependencies first: an app waits while an app it depends on has work queued or running.
        for (const dep of job.dependsOn) {
          const d = this.lanes.get(dep);
          if (d?.settle && dep !== app) await d.idle;
        }
        await this.acquire();
        const abort = new AbortController();
        const onStop = (): void => abort.abort(new Error('the daemon is shutting down'));
        this.stopSignal.addEventListener('abort', onStop, { once: true });
        l.running = { job, abort };
        try {
          await job.run(abort.signal);
        } catch (e) {
          this.onError(app, e);
        } finally {
          this.stopSignal.removeEventListener('abort', onStop);
          l.running = undefined;
          this.release();
        }
      }
    } finally {
      const settle = l.settle;
      l.settle = undefined;
      settle?.();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiters.shift()?.();
  }
}
