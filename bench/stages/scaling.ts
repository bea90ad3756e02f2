// Section scaling: reading a document must take time in proportion to its text. The same two
// shapes that were quadratic (issue #17) at 1x, 4x and 16x their text: a report whose results are
// one paragraph (DOCX), and one PDF page of many short lines. Each is parsed, classified, extracted
// by the rules and verified in this process, as `baocao extract` does in its document process.
// The target: 16x the text takes at most 20x the time.
import { analyseReport } from '../../extractors/analyse.ts';
import { manyLinesPdf, numberedLinesDocx, oneParagraphDocx } from '../../fixtures/hostile/resource.ts';
import { progress, runStage } from '../lib/common.ts';
import { repeat } from '../lib/repeat.ts';

const FACTORS = [1, 4, 16] as const;

/** Seconds one analysis of `bytes` takes: the mean over at least `minMs` (and two rounds). */
async function secondsFor(bytes: Uint8Array, minMs: number): Promise<number> {
  await analyseReport(bytes); // warm-up: modules, caches
  const run = await repeat(minMs, 2, async () => {
    await analyseReport(bytes);
    return 1;
  });
  return run.ms / run.units / 1000;
}

await runStage('scaling', async ({ quick }) => {
  // Full: 50,000 characters / 1,250 lines at 1x, so 16x stays under limits.maxPageChars (1,000,000).
  const base = { paragraphChars: quick ? 15_000 : 50_000, listed: quick ? 120 : 375, lines: quick ? 400 : 1_250 };
  const minMs = quick ? 1_000 : 4_000;
  const shapes = {
    paragraph: (f: number) => new Uint8Array(oneParagraphDocx(base.paragraphChars * f)),
    listed: (f: number) => new Uint8Array(numberedLinesDocx(base.listed * f)),
    lines: (f: number) => new Uint8Array(manyLinesPdf(base.lines * f)),
  };
  const metrics: Record<string, unknown> = { base };
  for (const [shape, make] of Object.entries(shapes)) {
    const seconds: number[] = [];
    for (const f of FACTORS) {
      seconds.push(await secondsFor(make(f), minMs));
      progress('scaling', `${shape} ${f}x: ${seconds[seconds.length - 1]!.toFixed(3)} s`);
    }
    metrics[shape] = { seconds, ratio16: seconds[2]! / seconds[0]!, ratio4: seconds[1]! / seconds[0]! };
  }
  return metrics;
});
