import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../shared/pool.ts';

/** A task that resolves when told to, so the test decides the order things finish in. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('mapWithConcurrency', () => {
  it('keeps the order of the items whatever order they finish in, with at most `limit` running', async () => {
    const gates = [gate(), gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const done = mapWithConcurrency([0, 1, 2, 3], 2, async (i) => {
      running++;
      most = Math.max(most, running);
      await gates[i]!.opened;
      running--;
      return i * 10;
    });
    for (const i of [1, 0, 3, 2]) {
      gates[i]!.open();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual([0, 10, 20, 30]);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, lets the running item finish, then throws the first error', async () => {
    const slow = gate();
    const started: number[] = [];
    let slowFinished = false;
    const done = mapWithConcurrency([0, 1, 2, 3], 2, async (i) => {
      started.push(i);
      if (i === 0) {
        await slow.opened;
        slowFinished = true;
        return i;
      }
      throw new Error(`item ${i} failed`);
    });
    let settled = false;
    done.catch(() => {}).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false); // item 0 is still running
    slow.open();
    await expect(done).rejects.toThrow('item 1 failed');
    expect(slowFinished).toBe(true);
    expect(started).toEqual([0, 1]);
  });

  it('returns nothing for no items', async () => {
    expect(await mapWithConcurrency([], 3, async () => 1)).toEqual([]);
  });
});
