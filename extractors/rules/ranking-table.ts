// Ranking tables of the provincial digital transformation index (DTI): a row per province,
// columns per pillar and the overall index, a cell either the value ("0.6975") or the rank
// with the value in brackets ("12 (0,4880)"). Only the report's own province's row is read,
// and only the overall index: a pillar ("Nhận thức số", "Xếp hạng CQS") is part of it, and
// every other row is another province's figure.
import { Decimal } from 'decimal.js';
import { indicatorById } from '../catalogue.ts';
import { resolveProvince } from '../provinces.ts';
import type { CandidateValue, TableBlock } from '../types.ts';
import { foldForMatching } from './match-text.ts';

const PROVINCE_HEADER = /tỉnh|thành phố|địa phương/u;
const OVERALL_HEADER = /\bp?dti\b|chuyển đổi số cấp tỉnh/u;
/** The pillars and component indices of the DTI, each its own column. */
const PILLAR_HEADER = /\b(?:cqs|kts|xhs)\b|nhận thức|thể chế|hạ tầng|nhân lực|an toàn|chính quyền số|kinh tế số|xã hội số/u;
/** The index on its 0..1 scale, alone or in brackets after a rank; a point or a comma before the decimals. */
const INDEX_CELL = /^(?:\d{1,2}\s*)?\(?\s*((?:0|1)[.,]\d{1,6})\s*\)?$/u;

/**
 * Not yet measured on enough ranking tables to be accepted alone: below every acceptance
 * threshold, so a reviewer confirms it.
 */
export const RANKING_CONFIDENCE = 0.45;

/** The column of the overall index: a value column before a rank column ("Xếp hạng DTI" may hold both). */
function overallColumns(header: string[]): number[] {
  const folded = header.map((h) => foldForMatching(h));
  const overall = folded.map((h, col) => ({ h, col })).filter(({ h }) => OVERALL_HEADER.test(h) && !PILLAR_HEADER.test(h));
  const ranksLast = (h: string) => (/xếp hạng|thứ hạng/u.test(h) ? 1 : 0);
  return overall.sort((a, b) => ranksLast(a.h) - ranksLast(b.h) || a.col - b.col).map(({ col }) => col);
}

function indexIn(cell: string): string | null {
  const m = INDEX_CELL.exec(cell.trim());
  if (!m) return null;
  const value = new Decimal(m[1]!.replace(',', '.'));
  return value.lte(1) ? value.toString() : null;
}

/** The one row naming the report's unit; none when two do (units merged in 2025 share a code). */
function ownRow(block: TableBlock, provinceCol: number, province: string): string[] | null {
  const own = block.rows.slice(1).filter((row) => resolveProvince(row[provinceCol] ?? '')?.code === province);
  return own.length === 1 ? own[0]! : null;
}

export function valuesFromRankingTable(block: TableBlock, province: string | null | undefined): CandidateValue[] {
  if (!province || block.rows.length < 2) return [];
  const header = block.rows[0]!;
  const provinceCol = header.findIndex((h) => PROVINCE_HEADER.test(foldForMatching(h)) && !OVERALL_HEADER.test(foldForMatching(h)));
  if (provinceCol === -1) return [];
  const row = ownRow(block, provinceCol, province);
  if (!row) return [];
  for (const col of overallColumns(header)) {
    const value = indexIn(row[col] ?? '');
    if (value === null) continue;
    return [
      {
        indicator: 'CS03',
        value,
        unit: indicatorById('CS03').unit,
        qualifier: null,
        rawText: (row[col] ?? '').trim(),
        evidence: row.join(' | '),
        page: block.page,
        confidence: RANKING_CONFIDENCE,
        extractor: 'rules',
        context: { origin: 'table' },
      },
    ];
  }
  return [];
}
