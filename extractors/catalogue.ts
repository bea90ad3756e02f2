// The indicator catalogue and the 34 provincial units, read once from the CSV files
// copied from shared/domain (the project ships its own copy so it runs anywhere).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Indicator } from './types.ts';

const catalogueDir = new URL('./catalogue/', import.meta.url);

const indicatorRow = z.object({
  id: z.string().regex(/^[A-Z]{2}\d{2}$/),
  group: z.string().min(1),
  name_vi: z.string().min(1),
  name_en: z.string().min(1),
  unit: z.string().min(1),
  kind: z.enum(['count', 'money', 'percent', 'score', 'rank']),
  measure: z.enum(['flow', 'stock', 'ratio', 'score']),
  form: z.string(),
});

const provinceRow = z.object({
  code: z.string().regex(/^\d{2}$/),
  name: z.string().min(1),
  short_name: z.string().min(1),
  unit_type: z.enum(['tinh', 'thanh_pho']),
  formed_from: z.string().min(1),
});

export interface Province {
  code: string;
  name: string;
  shortName: string;
  unitType: 'tinh' | 'thanh_pho';
  /** The pre-July-2025 provinces merged into this unit (including itself when it existed). */
  formedFrom: { code: string; name: string }[];
}

function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(new URL(name, catalogueDir), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

let indicatorsCache: Indicator[] | undefined;
let provincesCache: Province[] | undefined;

export function indicators(): Indicator[] {
  indicatorsCache ??= readCsv('indicators.csv').map((raw) => {
    const r = indicatorRow.parse(raw);
    return {
      id: r.id,
      group: r.group,
      nameVi: r.name_vi.normalize('NFC'),
      nameEn: r.name_en,
      unit: r.unit.normalize('NFC'),
      kind: r.kind,
      measure: r.measure,
      form: r.form || null,
    };
  });
  return indicatorsCache;
}

export function provinces(): Province[] {
  provincesCache ??= readCsv('provinces.csv').map((raw) => {
    const r = provinceRow.parse(raw);
    return {
      code: r.code,
      name: r.name.normalize('NFC'),
      shortName: r.short_name.normalize('NFC'),
      unitType: r.unit_type,
      formedFrom: r.formed_from.split(';').map((part) => {
        const m = /^\s*(\d{2})\s+(.+?)\s*$/.exec(part);
        if (!m) throw new Error(`provinces.csv: cannot read formed_from part "${part}" of ${r.code}`);
        return { code: m[1]!, name: m[2]!.normalize('NFC') };
      }),
    };
  });
  return provincesCache;
}

export function indicatorById(id: string): Indicator {
  const found = indicators().find((i) => i.id === id);
  if (!found) throw new Error(`unknown indicator ${id}`);
  return found;
}
