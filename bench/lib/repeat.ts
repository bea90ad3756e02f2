/** Runs `once` (which returns the units it did) until `minMs` and `minRounds` are both reached. */
export async function repeat(minMs: number, minRounds: number, once: () => Promise<number> | number): Promise<{ rounds: number; units: number; ms: number }> {
  let rounds = 0;
  let units = 0;
  const t0 = performance.now();
  while (rounds < minRounds || performance.now() - t0 < minMs) {
    units += await once();
    rounds++;
  }
  return { rounds, units, ms: performance.now() - t0 };
}
