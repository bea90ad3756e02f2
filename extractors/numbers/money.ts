// Money: the units the reports write amounts in, their conversion to triệu đồng, and the scale
// words after a number ("triệu", "tỷ", "billion").
import { multiply } from './decimal.ts';

export type MoneyUnit = 'đồng' | 'nghìn đồng' | 'triệu đồng' | 'tỷ đồng' | 'nghìn tỷ đồng' | 'triệu tỷ đồng';

const MILLION_DONG_PER_UNIT: Record<MoneyUnit, string> = {
  đồng: '0.000001',
  'nghìn đồng': '0.001',
  'triệu đồng': '1',
  'tỷ đồng': '1000',
  'nghìn tỷ đồng': '1000000',
  'triệu tỷ đồng': '1000000000',
};

/** Convert an amount in `unit` to triệu đồng exactly: ("14.2","tỷ đồng") -> "14200"; ("62.5","triệu đồng") -> "62.5"; ("1.5","nghìn tỷ đồng") -> "1500000"; ("500000","đồng") -> "0.5". */
export function toMillionDong(value: string, unit: MoneyUnit): string {
  const factor = MILLION_DONG_PER_UNIT[unit];
  if (factor === undefined) throw new RangeError(`unknown money unit: ${JSON.stringify(unit)}`);
  return multiply(value, factor);
}

/** A scale word after a number ("triệu", "tỷ", "billion"): its factor and the money unit it makes. */
export interface Scale {
  factor: string;
  moneyUnit: MoneyUnit;
}

export const SCALES: Record<string, Scale> = {
  nghìn: { factor: '1000', moneyUnit: 'nghìn đồng' },
  triệu: { factor: '1000000', moneyUnit: 'triệu đồng' },
  tỷ: { factor: '1000000000', moneyUnit: 'tỷ đồng' },
  'nghìn tỷ': { factor: '1000000000000', moneyUnit: 'nghìn tỷ đồng' },
  'triệu tỷ': { factor: '1000000000000000', moneyUnit: 'triệu tỷ đồng' },
};

/** Spelling variants and English words mapped to the keys of SCALES. */
export function scaleKey(written: string): string {
  const w = written.toLowerCase().replace(/\s+/gu, ' ').replace(/\.$/u, '').replace(/tỉ/gu, 'tỷ').replace(/ngàn/gu, 'nghìn');
  const english: Record<string, string> = {
    thousand: 'nghìn',
    million: 'triệu',
    mn: 'triệu',
    mln: 'triệu',
    tr: 'triệu',
    billion: 'tỷ',
    bn: 'tỷ',
    trillion: 'nghìn tỷ',
  };
  return english[w] ?? w;
}
