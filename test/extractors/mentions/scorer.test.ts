// How acceptance thresholds are chosen from cross-validated readings (extractors/mentions/scorer.ts).
import { describe, expect, it } from 'vitest';
import {
  chooseThreshold,
  chooseThresholds,
  entryReliable,
  groupRecord,
  tailBound,
  type ScorerModel,
  type ThresholdSample,
} from '../../../extractors/mentions/scorer.ts';

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

  it('guards against wrong values the folds did not show: above the seen ones by what their spread says', () => {
    // eight wrong readings from 0.2 to 0.65: the most probable plus the margin would be 0.67
    const wrong = [0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
    const values = readings('g', 20, ['docx'], (i) => (i < 12 ? 0.99 : wrong[i - 12]!), 12);
    const threshold = chooseThreshold(values);
    expect(threshold).toBeGreaterThan(0.9);
    expect(threshold).toBeLessThan(0.99);
    // one chance in ten over the 20 readings the group showed, right or wrong
    expect(threshold).toBe(Math.round(tailBound(wrong, 20) * 1000) / 1000);
    expect(tailBound(wrong, 200)).toBeGreaterThan(tailBound(wrong, 20));
  });

  it('counts a reading once whatever its formats, at its most probable', () => {
    const once = readings('g', 8, ['docx'], (i) => 0.3 + i * 0.05, 0);
    const twice = readings('g', 8, ['docx', 'pdf'], (i) => 0.3 + i * 0.05, 0);
    expect(chooseThreshold(twice)).toBe(chooseThreshold(once));
  });

  it('fits nothing on fewer than five wrong values', () => {
    expect(tailBound([0.2, 0.4, 0.6, 0.7])).toBe(0);
  });
});

describe('chooseThresholds', () => {
  it('gives a group its own threshold only on enough reports, a report counted once whatever its formats', () => {
    const seen = readings('seen', 12, ['docx'], () => 0.7, 12);
    const twice = readings('twice', 7, ['docx', 'pdf'], () => 0.7, 6);
    const wrongElsewhere = readings('other', 12, ['docx'], (i) => (i === 11 ? 0.96 : 0.7), 11);
    const { rawThresholds, defaultRawThreshold } = chooseThresholds([...seen, ...twice, ...wrongElsewhere]);
    expect(rawThresholds.seen).toBe(0.5);
    expect(rawThresholds.other).toBe(0.98);
    // 14 values but 7 reports, one wrong: not enough to say the group is safer than the rest
    expect(rawThresholds.twice).toBeUndefined();
    expect(defaultRawThreshold).toBe(0.98);
  });
  it('gives a group too small for a threshold of its own the floor when its own readings put it there', () => {
    const spotless = readings('spotless', 6, ['docx', 'pdf'], () => 0.7, 6);
    const wrongFarBelow = readings('wrongFarBelow', 7, ['docx'], (i) => (i === 6 ? 0.3 : 0.7), 6);
    const onceWrong = readings('onceWrong', 7, ['docx'], () => 0.7, 6);
    const tooFew = readings('tooFew', 5, ['docx'], () => 0.7, 5);
    const wrongElsewhere = readings('other', 12, ['docx'], (i) => (i === 11 ? 0.96 : 0.7), 11);
    const { rawThresholds } = chooseThresholds([...spotless, ...wrongFarBelow, ...onceWrong, ...tooFew, ...wrongElsewhere]);
    expect(rawThresholds.spotless).toBe(0.5);
    expect(rawThresholds.wrongFarBelow).toBe(0.5);
    // one wrong value near acceptance is not enough to place a threshold on: the shared one holds
    expect(rawThresholds.onceWrong).toBeUndefined();
    expect(rawThresholds.tooFew).toBeUndefined();
  });
});

describe('entryReliable', () => {
  const model = (entryRecord: Record<string, [number, number]>): ScorerModel => ({
    version: 't',
    weights: {},
    threshold: 0.9,
    rawThresholds: {},
    entryRecord,
    fittedOn: 't',
  });
  const reading = (entry: string) => ({ bias: 1, [entry]: 1 });

  it('judges an entry seen a few times, never wrong, with its group when no entry of the group read a wrong value', () => {
    // thanh_tra: TT01 3/3 has a bound of 0.55 alone; the group's 3 + 6 + 5 readings, all right, show it reliable
    const m = model({ 'entry:TT01#1': [3, 3], 'entry:TT02#1': [6, 6], 'entry:TT03#1': [5, 5] });
    expect(entryReliable(reading('entry:TT01#1'), m)).toBe(false);
    expect(entryReliable(reading('entry:TT01#1'), m, 'thanh_tra')).toBe(true);
  });

  it('keeps an entry to its own record when it or another entry of its group read a wrong value', () => {
    const wrongHere = model({ 'entry:TT01#1': [3, 2], 'entry:TT02#1': [20, 20] });
    expect(entryReliable(reading('entry:TT01#1'), wrongHere, 'thanh_tra')).toBe(false);
    const wrongBeside = model({ 'entry:TT01#1': [3, 3], 'entry:TT02#1': [20, 19] });
    expect(entryReliable(reading('entry:TT01#1'), wrongBeside, 'thanh_tra')).toBe(false);
    // its own record is enough whatever the group's
    expect(entryReliable(reading('entry:TT02#1'), wrongBeside, 'thanh_tra')).toBe(true);
  });

  it('holds back an entry without a record, and a group of too few readings', () => {
    const m = model({ 'entry:TT01#1': [1, 1], 'entry:TT02#1': [2, 2] });
    expect(entryReliable(reading('entry:TT03#1'), m, 'thanh_tra')).toBe(false);
    expect(groupRecord(m, 'thanh_tra')).toEqual([3, 3]);
    expect(entryReliable(reading('entry:TT01#1'), m, 'thanh_tra')).toBe(false);
  });
});
