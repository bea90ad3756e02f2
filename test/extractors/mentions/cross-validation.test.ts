// Why a right value was flagged, as `baocao eval --corpus` counts it (extractors/mentions/cross-validation.ts).
import { describe, expect, it } from 'vitest';
import { flaggedRightReasons, whyRightFlagged, type ItemResult } from '../../../extractors/mentions/cross-validation.ts';
import type { ScorerModel } from '../../../extractors/mentions/scorer.ts';
import type { VerifiedValue } from '../../../extractors/types.ts';

const model: ScorerModel = {
  version: 't',
  weights: { bias: 2 },
  threshold: 0.9,
  rawThresholds: { thanh_tra: 0.5 },
  defaultRawThreshold: 0.99,
  entryRecord: { 'entry:TT01#1': [10, 10], 'entry:TD01#1': [2, 2] },
  fittedOn: 't',
};

function value(indicator: string, features: Record<string, number>, reasons: VerifiedValue['reasons']): VerifiedValue {
  return {
    indicator,
    value: '5',
    unit: 'cuộc',
    qualifier: null,
    rawText: '5',
    evidence: '5',
    page: 1,
    confidence: 0.6,
    extractor: 'rules',
    context: { origin: 'text' },
    status: 'flagged',
    reasons,
    features,
  } as VerifiedValue;
}

describe('flaggedRightReasons', () => {
  it('names the check, the risk, the entry record and the threshold that held a value back', () => {
    // p = 0.88: above thanh_tra's own 0.5, under the default 0.99 a small group shares
    expect(flaggedRightReasons(value('TT01', { bias: 1, 'entry:TT01#1': 1, coordElement: 1 }, ['low_confidence', 'conflicting_candidates']), model)).toEqual([
      'conflicting_candidates',
      'risk:coordElement',
    ]);
    expect(flaggedRightReasons(value('TD01', { bias: 1, 'entry:TD01#1': 1 }, ['low_confidence']), model)).toEqual(['entry record', 'default threshold']);
    expect(flaggedRightReasons(value('TT01', { bias: 1, 'entry:TT01#1': 1 }, ['parts_exceed_total']), model)).toEqual(['parts_exceed_total']);
  });

  it('counts each reason, and apart the values held by that reason alone', () => {
    const result = (values: VerifiedValue[]) =>
      ({
        item: { fold: 1 },
        values: values.map((v) => ({ value: v, expected: '5', correct: true })),
        missed: [],
        inconsistencies: [],
      }) as unknown as ItemResult;
    const rows = whyRightFlagged(
      [
        result([
          value('TD01', { bias: 1, 'entry:TD01#1': 1 }, ['low_confidence']),
          value('TT01', { bias: 1, 'entry:TT01#1': 1, parts: 1 }, ['low_confidence']),
        ]),
      ],
      [{ fold: 1, model }],
    );
    expect(rows).toEqual([
      { reason: 'default threshold', any: 1, only: 0 },
      { reason: 'entry record', any: 1, only: 0 },
      { reason: 'risk:parts', any: 1, only: 1 },
    ]);
  });
});
