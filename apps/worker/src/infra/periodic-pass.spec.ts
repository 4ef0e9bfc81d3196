import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PeriodicPass } from './periodic-pass';

describe('PeriodicPass', () => {
  it('never runs two passes at once: one asked for while another runs answers idle', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let passes = 0;
    const p = new PeriodicPass(
      async () => {
        passes++;
        await held;
        return 7;
      },
      0,
      pino({ level: 'silent' }),
      { everyMs: 60_000, failure: 'failed' },
    );
    const first = p.run();
    expect(await p.run()).toBe(0);
    release();
    expect(await first).toBe(7);
    expect(passes).toBe(1);
    expect(await p.run()).toBe(7);
  });

  it('a failed pass answers idle and the next one runs', async () => {
    let n = 0;
    const p = new PeriodicPass(
      async (x?: number) => {
        if (n++ === 0) throw new Error('database down');
        return x ?? -1;
      },
      0,
      pino({ level: 'silent' }),
      { everyMs: 60_000, failure: 'failed' },
    );
    expect(await p.run(5)).toBe(0);
    expect(await p.run(5)).toBe(5);
  });
});
