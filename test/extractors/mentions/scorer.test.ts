// How acceptance thresholds are chosen from cross-validated readings (extractors/mentions/scorer.ts).
import { describe, expect, it } from 'vitest';
import { chooseThreshold, chooseThresholds, type ThresholdSample } from '../../../extractors/mentions/scorer.ts';

/** `n` readings of one group: the first `right` right, the rest wrong, each at its probability. */
function readings(group: string, reports: number, formats: readonly string[], probabilityOf: (i: number) => number, wrongFrom: number): ThresholdSample[] {
  return Array.from({ length: reports }, (_, i) =>
    formats.map((format) => ({
      group,
      entry: `entry:${group}#1`,
      reading: `report-${group}-${i} X=${i}`,
      probability: probabilityOf(i),
      correct: i < wrongFrom,
      flaggedOtherwise: false,
      format,
    })),
  ).flat();
}

describe('chooseThreshold', () => {
  it('sits just above the most probable wrong value no other check flags', () => {
    const values = readings('g', 10, ['docx'], (i) => 0.5 + i * 0.05, 8);
    // wrong values are at 0.9 and 0.95: the threshold is 0.95 + the 0.02 margin
    expect(chooseThreshold(values)).toBe(0.97);
    expect(chooseThreshold(values.map((v) => (v.correct ? v : { ...v, flaggedOtherwise: true })))).toBe(0.5);
  });
});

describe('chooseThresholds', () => {
  it('gives a group its own threshold only on enough reports, a report counted once whatever its formats', () => {
    const seen = readings('seen', 12, ['docx'], () => 0.7, 12);
    const twice = readings('twice', 6, ['docx', 'pdf'], () => 0.7, 6);
    const wrongElsewhere = readings('other', 12, ['docx'], (i) => (i === 11 ? 0.96 : 0.7), 11);
    const { rawThresholds, defaultRawThreshold } = chooseThresholds([...seen, ...twice, ...wrongElsewhere]);
    expect(rawThresholds.seen).toBe(0.5);
    expect(rawThresholds.other).toBe(0.98);
    // 12 values but 6 reports: not enough to say the group is safer than the rest
    expect(rawThresholds.twice).toBeUndefined();
    expect(defaultRawThreshold).toBe(0.98);
  });
});
