// A group's answer as candidate values. The model gives the number as written and its unit;
// the canonical value (money in triệu đồng) is computed here with numbers/, never by the
// model. Grounding (is the quote in the document, is the value in the quote) is verify's job.
import { indicatorById } from '../catalogue.ts';
import { decimalsEqual } from '../numbers/decimal.ts';
import type { NumberLocale } from '../numbers/locale.ts';
import { findNumbers, type NumberMatch } from '../numbers/scanner.ts';
import type { CandidateValue } from '../types.ts';
import type { GroupAnswer, Reading } from './schemas.ts';

const VALUE_KINDS = new Set<NumberMatch['kind']>(['number', 'money', 'percent', 'fraction']);

/** The canonical value of a reading in the indicator's unit, or null when it cannot be read as one. */
export function canonicalValue(reading: Pick<Reading, 'value' | 'unit'>, indicatorId: string, locale: NumberLocale): string | null {
  const indicator = indicatorById(indicatorId);
  const unit = (reading.unit ?? '').trim();
  // Read with its unit so that "14,2" + "tỷ đồng" is money in tỷ; a bare "14,2" is a number.
  const written =
    indicator.kind === 'money' && unit && !/đồng|dong|vnđ|vnd/iu.test(unit) && /tỷ|tỉ|triệu|nghìn|ngàn/iu.test(unit)
      ? `${reading.value} ${unit} đồng`
      : `${reading.value} ${unit}`;
  // Money without a scale (a cell of a "Triệu đồng" row, or no unit given) is in the
  // catalogue unit already; grounding checks the figure against the quote either way.
  return findNumbers(written.trim(), locale).find((m) => VALUE_KINDS.has(m.kind))?.value ?? null;
}

/** The denominator of an "x/y" in the quote whose x is the value, for the x <= y check. */
function denominatorIn(quote: string, value: string, locale: NumberLocale): string | undefined {
  return findNumbers(quote, locale).find((m) => m.kind === 'fraction' && decimalsEqual(m.value, value))?.denominator;
}

export function candidatesFromAnswer(answer: GroupAnswer, locale: NumberLocale): { candidates: CandidateValue[]; unreadable: string[] } {
  const candidates: CandidateValue[] = [];
  const unreadable: string[] = [];
  for (const [indicatorId, reading] of Object.entries(answer)) {
    if (!reading) continue;
    const value = canonicalValue(reading, indicatorId, locale);
    if (value === null) {
      unreadable.push(indicatorId);
      continue;
    }
    const indicator = indicatorById(indicatorId);
    const denominator = denominatorIn(reading.quote, value, locale);
    candidates.push({
      indicator: indicatorId,
      value,
      unit: indicator.unit,
      qualifier: reading.qualifier,
      rawText: reading.unit ? `${reading.value} ${reading.unit}` : reading.value,
      evidence: reading.quote.trim(),
      page: reading.page,
      confidence: reading.confidence,
      extractor: 'llm',
      context: { origin: reading.quote.includes(' | ') ? 'table' : 'text', ...(denominator ? { denominator } : {}) },
    });
  }
  return { candidates, unreadable };
}
