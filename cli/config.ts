// One typed configuration: temporal.yaml (if present) overridden by the environment,
// validated by zod so a mistake reads as a sentence, not a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const configSchema = z.object({
  dataDir: z.string().min(1).default('.data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  temporal: z
    .object({
      address: z.string().min(1).default('localhost:7233'),
      namespace: z.string().min(1).default('default'),
      taskQueue: z.string().min(1).default('baocao'),
    })
    .prefault({}),
  schedule: z
    .object({
      nightly: z
        .object({ cron: z.string().min(9).default('0 1 * * *'), timeZone: z.string().default('Asia/Ho_Chi_Minh') })
        .prefault({}),
    })
    .prefault({}),
  limits: z
    .object({
      maxFileBytes: z.number().int().positive().default(50 * 1024 * 1024),
      ingestConcurrency: z.number().int().min(1).max(32).default(2),
    })
    .prefault({}),
  verify: z.object({ lowConfidence: z.number().min(0).max(1).default(0.7) }).prefault({}),
  sources: z
    .object({
      /** YAML file of sources applied by `baocao sources apply` (relative to the working folder). */
      file: z.string().min(1).optional(),
      /** Hosts that source URLs (and their redirects) may reach: exact, or "*.gov.vn". */
      allowedHosts: z.array(z.string().min(1)).default([]),
      /** Allowed hosts that may live on private or loopback addresses (none by default). */
      privateNetworkHosts: z.array(z.string().min(1)).default([]),
      timeoutMs: z.number().int().positive().default(30_000),
      retries: z.number().int().min(0).max(10).default(3),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      /** Sources listed and fetched at once by a nightly run. */
      concurrency: z.number().int().min(1).max(34).default(4),
    })
    .prefault({}),
  submissions: z
    .object({
      /** A periodic report is due this many days after the cut-off end of its window (annual: 14 -> 20 December). */
      daysAfterCutoff: z.number().int().min(0).max(60).default(6),
    })
    .prefault({}),
  notifications: z.object({ webhookUrl: z.url().optional() }).prefault({}),
  llm: z
    .object({
      apiKey: z.string().min(1).optional(),
      baseUrl: z.url().optional(),
      model: z.string().min(1).default('gpt-4o-mini'),
      /** Per request, including the answer. */
      timeoutMs: z.number().int().positive().default(60_000),
      /** Requests in flight at once for one report. */
      maxConcurrency: z.number().int().min(1).max(16).default(2),
      /** Client-side retries on 429, 5xx and timeouts (the validation retry is separate and capped at one). */
      maxRetries: z.number().int().min(0).max(5).default(2),
      /** 'auto': structured outputs (json_schema, strict), falling back to JSON mode when the server refuses them. */
      responseFormat: z.enum(['auto', 'json_schema', 'json_object']).default('auto'),
      /** US dollars per million tokens, for the cost recorded on each run. */
      price: z.object({ inputPerMillion: z.number().min(0).default(0.15), outputPerMillion: z.number().min(0).default(0.6) }).prefault({}),
    })
    .prefault({}),
  /** Hybrid merge of rules and model: below these confidences a one-sided value is flagged. */
  merge: z
    .object({
      rulesOnlyMinConfidence: z.number().min(0).max(1).default(0.7),
      llmOnlyMinConfidence: z.number().min(0).max(1).default(0.85),
      /** Added to the confidence when rules and model agree (capped at 0.99). */
      agreementBonus: z.number().min(0).max(0.5).default(0.1),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** A mistake in how a command was called: exit code 2. */
export class UsageError extends Error {}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const pick = (name: string) => (env[name] && env[name]!.trim() !== '' ? env[name] : undefined);
  return {
    dataDir: pick('BAOCAO_DATA_DIR'),
    notifications: { webhookUrl: pick('BAOCAO_WEBHOOK_URL') },
    databaseUrl: pick('DATABASE_URL'),
    temporal: { address: pick('TEMPORAL_ADDRESS'), namespace: pick('TEMPORAL_NAMESPACE'), taskQueue: pick('TEMPORAL_TASK_QUEUE') },
    llm: { apiKey: pick('OPENAI_API_KEY'), baseUrl: pick('OPENAI_BASE_URL'), model: pick('OPENAI_MODEL') },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Environment values win over the file; an unset variable never erases a file value. */
function overlay(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === undefined) continue;
    out[key] = isObject(value) ? overlay(isObject(out[key]) ? out[key] : {}, value) : value;
  }
  return out;
}

export interface LoadConfigOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line options: above the environment, validated like the rest. */
  overrides?: { databaseUrl?: string; dataDir?: string };
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const file = resolve(options.file ?? 'temporal.yaml');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = (parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown> | null) ?? {};
    } catch (error) {
      throw new ConfigError(`${file} is not valid YAML: ${(error as Error).message}`);
    }
  } else if (options.file) {
    throw new ConfigError(`configuration file ${file} does not exist`);
  }
  if (!isObject(fromFile)) throw new ConfigError(`${file} must be a mapping of settings`);
  if (isObject(fromFile.llm) && 'apiKey' in fromFile.llm) {
    throw new ConfigError(`${file}: llm.apiKey must not be written in the file; set OPENAI_API_KEY in the environment`);
  }
  const layered = overlay(overlay(fromFile, fromEnvironment(options.env ?? process.env)), { ...options.overrides });
  const result = configSchema.safeParse(layered);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid configuration (${file} and environment):\n${problems}`);
  }
  return result.data;
}
