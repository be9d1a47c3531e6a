import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';

describe('systemClock', () => {
  it('sleeps about as long as asked', async () => {
    const t0 = Date.now();
    await systemClock.sleep(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('stops sleeping with an AbortError when aborted', async () => {
    const ctl = new AbortController();
    const pending = systemClock.sleep(60_000, ctl.signal);
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
