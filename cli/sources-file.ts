// The sources file: the provincial sources in YAML, applied to the database by name.
//
//   sources:
//     - name: tay-ninh-portal
//       province: "80"
//       kind: http
//       location: https://sokhcn.tayninh.gov.vn/bao-cao.html
//     - name: da-nang-share
//       province: "48"
//       kind: dir
//       location: /mnt/bao-cao/da-nang
//       enabled: false
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { NewSourceRow } from '../db/schema.ts';
import { UPLOAD_PREFIX } from '../db/sources.ts';
import { provinces } from '../extractors/catalogue.ts';
import { ConfigError } from '../app/config.ts';

const sourceSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes')
      .refine((name) => !name.startsWith(UPLOAD_PREFIX), `names starting with "${UPLOAD_PREFIX}" are kept for hand uploads`),
    province: z
      .string()
      .refine((code) => provinces().some((p) => p.code === code), 'not one of the 34 province codes')
      .nullish(),
    kind: z.enum(['http', 'dir']),
    location: z.string().min(1),
    schedule: z.string().nullish(),
    enabled: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'http' && !/^https?:\/\//.test(s.location))
      ctx.addIssue({ code: 'custom', path: ['location'], message: 'an http source needs an http(s):// URL' });
  });

const fileSchema = z.object({ sources: z.array(sourceSchema) });

export function parseSourcesFile(path: string): NewSourceRow[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message}`);
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`${path} is not a valid sources file:\n${problems}`);
  }
  const names = result.data.sources.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ConfigError(`${path}: source "${twice}" is listed twice`);
  return result.data.sources.map((s) => ({
    name: s.name,
    provinceCode: s.province ?? null,
    kind: s.kind,
    location: s.location,
    schedule: s.schedule ?? null,
    enabled: s.enabled,
  }));
}
