/**
 * The real clock behind the Clock port: wall time, and sleeps that end early when aborted.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Clock } from '../ports/clock.js';

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: async (ms, signal) => {
    await sleepFor(ms, undefined, signal ? { signal } : undefined);
  },
};
