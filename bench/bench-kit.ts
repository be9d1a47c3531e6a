/**
 * What every benchmark shares: the table row, the median, and the request/answer exchange with a worker
 * child process (the sandbox runs in one, so its CPU never counts against what is measured).
 */
import type { ChildProcess } from 'node:child_process';

export interface Row {
  measure: string;
  value: string;
}

/** The lower median of an even count, so a value that was really measured is shown. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
}

/** Sends `msg` (if any) to the worker and resolves with its first message of type `answer`. */
export function ask<T>(w: ChildProcess, msg: { type: string } | undefined, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string } & T): void => {
      if (m.type !== answer) return;
      w.off('message', on);
      resolve(m);
    };
    w.on('message', on);
    if (msg) w.send(msg);
  });
}
