import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, LimiterTimeoutError } from '../../src/upstream/limiter.js';

/** Tasks that finish when told, recording the order they started in. */
function tasks() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const task = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      finishers.push(resolve);
    });
  const finishOldest = async () => {
    finishers.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { started, task, finishOldest };
}

describe('ConcurrencyLimiter', () => {
  it('never runs more than its capacity, and leaves one slot free of any one owner', async () => {
    const limiter = new ConcurrencyLimiter(4);
    const { started, task } = tasks();
    const fanOut = {};
    for (let i = 0; i < 10; i += 1) void limiter.run(task(`a${i}`), Infinity, fanOut);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a0', 'a1', 'a2']);
    void limiter.run(task('b0'), Infinity, {});
    void limiter.run(task('c0'), Infinity, {});
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a0', 'a1', 'a2', 'b0']);
    expect(limiter.inFlight).toBe(4);
    expect(limiter.queued).toBe(8);
  });

  it('serves owners in turn: a one-call request waits for at most one call of each fan-out, not for the fan-out', async () => {
    const limiter = new ConcurrencyLimiter(2, 1_000, 1);
    const { started, task, finishOldest } = tasks();
    const first = {};
    const second = {};
    for (let i = 0; i < 50; i += 1) void limiter.run(task(`first${i}`), Infinity, first);
    for (let i = 0; i < 50; i += 1) void limiter.run(task(`second${i}`), Infinity, second);
    await new Promise((r) => setImmediate(r));
    void limiter.run(task('single'), Infinity, {});
    for (let i = 0; i < 3; i += 1) await finishOldest();
    expect(started.slice(0, 5)).toEqual(['first0', 'second0', 'first1', 'second1', 'single']);
  });

  it('a freed slot never lifts an owner over its share, even with nobody else waiting', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const { started, task, finishOldest } = tasks();
    const fanOut = {};
    for (let i = 0; i < 3; i += 1) void limiter.run(task(`a${i}`), Infinity, fanOut);
    void limiter.run(task('b0'), Infinity, {});
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a0', 'b0']);
    await finishOldest(); // a0 ends: its own next call takes the slot back
    await finishOldest(); // b0 ends: a slot is free, but the fan-out already holds its share
    expect(started).toEqual(['a0', 'b0', 'a1']);
    expect(limiter.inFlight).toBe(1);
  });

  it('gives up at the deadline, and refuses at once past its queue bound', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    const { task } = tasks();
    void limiter.run(task('busy'));
    const waiting = limiter.run(task('late'), Date.now() + 20, {});
    await expect(limiter.run(task('overflow'), Infinity, {})).rejects.toBeInstanceOf(LimiterTimeoutError);
    await expect(waiting).rejects.toBeInstanceOf(LimiterTimeoutError);
    expect(limiter.queued).toBe(0);
  });
});
