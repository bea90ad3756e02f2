// The answer the model gives for one indicator group, as zod schemas generated from the
// catalogue (extractors/catalogue/indicators.csv): one key per indicator of the group, each
// null (not stated) or the reading with its provenance. Every key is present and every
// optional field is nullable, as structured outputs (json_schema, strict) require.
import { createHash } from 'node:crypto';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { z } from 'zod';
import { indicators } from '../catalogue.ts';
import type { Indicator } from '../types.ts';

export const QUALIFIERS = ['approx_below', 'over', 'about', 'estimate', 'cumulative', 'stock'] as const;

/** A number as the report writes it: digits with "." / "," separators, an optional sign. */
export const NUMBER_AS_WRITTEN = /^[-−]?\d+(?:[.,]\d+)*$/;

/** Bumped when the shape below changes; the catalogue's content is hashed in as well. */
const SHAPE_REVISION = 1;

// Field meanings are explained once in the instructions (prompt.ts), not per field here:
// the schema is sent with every request and repeated descriptions cost tokens.
export const readingSchema = z.object({
  value: z
    .string()
    .regex(NUMBER_AS_WRITTEN, 'value must be only the number as written in the report, e.g. "9.215", "14,2", "02" (words go in unit or qualifier)'),
  unit: z.string().nullable(),
  qualifier: z.enum(QUALIFIERS).nullable(),
  // Non-empty is checked by zod only: not every server accepts minLength in a strict schema.
  quote: z.string().refine((q) => q.trim().length > 0, 'quote must be the text the number was read from, not empty'),
  page: z.number().int().min(1),
  confidence: z.number().min(0).max(1),
});

export type Reading = z.infer<typeof readingSchema>;
/** One group's answer: indicator id -> reading or null. */
export type GroupAnswer = Record<string, Reading | null>;

export interface GroupSpec {
  id: string;
  /** Vietnamese name of the group, for the prompt. */
  label: string;
  indicators: Indicator[];
  schema: z.ZodType<GroupAnswer>;
}

export const GROUP_LABELS: Record<string, string> = {
  nhiem_vu: 'Nhiệm vụ khoa học và công nghệ',
  tai_chinh: 'Tài chính cho khoa học và công nghệ',
  to_chuc_nhan_luc: 'Tổ chức và nhân lực khoa học và công nghệ',
  cong_nghe: 'Công nghệ, doanh nghiệp khoa học và công nghệ',
  so_huu_tri_tue: 'Sở hữu trí tuệ',
  tieu_chuan_do_luong: 'Tiêu chuẩn - Đo lường - Chất lượng',
  an_toan_buc_xa: 'An toàn bức xạ và hạt nhân',
  thanh_tra: 'Thanh tra, kiểm tra',
  doi_moi_sang_tao: 'Đổi mới sáng tạo, khởi nghiệp',
  hop_tac_cong_bo: 'Hợp tác quốc tế, công bố khoa học',
  vien_thong: 'Viễn thông',
  chuyen_doi_so: 'Chuyển đổi số',
  buu_chinh: 'Bưu chính',
};

let specsCache: GroupSpec[] | undefined;

/** One spec per indicator group of the catalogue, in catalogue order. */
export function groupSpecs(): GroupSpec[] {
  if (specsCache) return specsCache;
  const byGroup = new Map<string, Indicator[]>();
  for (const indicator of indicators()) byGroup.set(indicator.group, [...(byGroup.get(indicator.group) ?? []), indicator]);
  specsCache = [...byGroup].map(([id, members]) => ({
    id,
    label: GROUP_LABELS[id] ?? id,
    indicators: members,
    schema: z.object(Object.fromEntries(members.map((i) => [i.id, readingSchema.nullable()]))) as unknown as z.ZodType<GroupAnswer>,
  }));
  return specsCache;
}

export function groupSpec(group: string): GroupSpec {
  const spec = groupSpecs().find((g) => g.id === group);
  if (!spec) throw new Error(`unknown indicator group ${group}`);
  return spec;
}

/**
 * Identifies the answer shape and the catalogue it was generated from: a cached answer is
 * only reused while both are unchanged.
 */
export const SCHEMA_VERSION = `s${SHAPE_REVISION}-${createHash('sha256')
  .update(JSON.stringify(indicators().map((i) => [i.id, i.group, i.nameVi, i.unit, i.kind])))
  .digest('hex')
  .slice(0, 10)}`;

/**
 * In JSON mode the server does not enforce the schema and models leave out the keys they
 * have nothing for: a missing indicator reads as null. Anything else is left to zod.
 */
export function fillMissingIndicators(raw: unknown, spec: GroupSpec): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const i of spec.indicators) if (!(i.id in out)) out[i.id] = null;
  return out;
}

/**
 * The structured-outputs response format of a group (strict json_schema): openai's own zod
 * helper, which handles zod 4 and makes the schema strict. The reading is a shared
 * definition referenced by every indicator key instead of being repeated for each.
 */
export function responseFormatOf(spec: GroupSpec): ResponseFormatJSONSchema {
  const format = zodResponseFormat(spec.schema, `baocao_${spec.id}`, { schemaDefinitions: { reading: readingSchema } });
  // A plain object: the helper's parse hooks are not used (answers are validated here).
  return { type: 'json_schema', json_schema: { ...format.json_schema } };
}

/** The JSON Schema of a group's answer; in JSON mode it is written into the prompt. */
export function jsonSchemaOf(spec: GroupSpec): Record<string, unknown> {
  return responseFormatOf(spec).json_schema.schema ?? {};
}
