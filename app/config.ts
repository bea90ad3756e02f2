// One typed configuration: temporal.yaml (if present) overridden by the environment,
// validated by zod so a mistake reads as a sentence, not a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { provinces } from '../extractors/catalogue.ts';
import { DEFAULT_LANGUAGES as DEFAULT_OCR_LANGUAGES } from '../extractors/parse/ocr/defaults.ts';
import { DEFAULT_BUDGETS } from '../extractors/parse/budgets.ts';
import { MAX_DOCX_UNPACKED_BYTES } from '../extractors/parse/zip.ts';

const MiB = 1024 * 1024;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "baocao@most.gov.vn" or "Bộ KH&CN <baocao@most.gov.vn>". */
function isMailbox(text: string): boolean {
  const address = /<([^<>]+)>\s*$/.exec(text)?.[1] ?? text;
  return z.email().safeParse(address.trim()).success;
}

/** SMTP settings of e-mail reminders; the password comes from BAOCAO_SMTP_PASSWORD only. */
const emailSchema = z
  .object({
    host: z.string({ error: 'required: the SMTP server (BAOCAO_SMTP_HOST), e.g. smtp.most.gov.vn' }).min(1),
    /** 587 (STARTTLS) by default; 465 with secure: true. */
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465). false: STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send when the server does not offer STARTTLS (with secure: false). */
    requireTls: z.boolean().default(false),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    from: z
      .string({ error: 'required: the sender (BAOCAO_MAIL_FROM), e.g. "Bộ KH&CN <baocao@most.gov.vn>"' })
      .refine(isMailbox, 'must be an e-mail address, or a name and an address in <>: "Bộ KH&CN <baocao@most.gov.vn>"'),
    /** Connecting, the server's greeting, and each exchange after, each at most this long. */
    timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
    /** Where a province's reminders go: { "79": ["vanthu.skhcn@tphcm.gov.vn"] }. */
    provinces: z
      .record(z.string(), z.array(z.email({ error: 'must be an e-mail address' })).min(1))
      .superRefine((byCode, ctx) => {
        const codes = new Set(provinces().map((p) => p.code));
        for (const code of Object.keys(byCode)) {
          if (!codes.has(code))
            ctx.addIssue({
              code: 'custom',
              path: [code],
              message: `"${code}" is not a province code (two digits, one of the 34: "01" Hà Nội … "79" TP. Hồ Chí Minh)`,
            });
        }
      })
      .default({}),
  })
  .superRefine((e, ctx) => {
    if (e.user && !e.password)
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: `required when notifications.email.user is set: set BAOCAO_SMTP_PASSWORD in the environment`,
      });
    if (e.password && !e.user)
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'required when BAOCAO_SMTP_PASSWORD is set (BAOCAO_SMTP_USER or notifications.email.user)' });
  });

const configSchema = z.object({
  dataDir: z.string().min(1).default('.data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  temporal: z
    .object({
      /** host:port of the Temporal frontend. Unset: commands run the same core in process. */
      address: z
        .string()
        .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. localhost:7233 or ns.acct.tmprl.cloud:7233')
        .optional(),
      namespace: z.string().min(1).default('default'),
      taskQueue: z.string().min(1).default('baocao'),
      /** Temporal Cloud API key (environment only: TEMPORAL_API_KEY). */
      apiKey: z.string().min(1).optional(),
      /** mTLS: client certificate and key files, optional CA and server name. `tls: true` for TLS without a client certificate. */
      tls: z
        .union([
          z.boolean(),
          z.object({
            clientCertPath: z.string().min(1),
            clientKeyPath: z.string().min(1),
            serverRootCaPath: z.string().min(1).optional(),
            serverName: z.string().min(1).optional(),
          }),
        ])
        .default(false),
      worker: z
        .object({
          maxConcurrentActivities: z.number().int().min(1).max(200).default(8),
          maxConcurrentWorkflowTasks: z.number().int().min(1).max(200).default(40),
        })
        .prefault({}),
    })
    .prefault({}),
  schedule: z
    .object({
      nightly: z
        .object({
          id: z.string().min(1).default('baocao-nightly'),
          cron: z.string().min(9).default('0 1 * * *'),
          /** Also where the night of llm.maxTokensPerNight begins and ends. */
          timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Ho_Chi_Minh').default('Asia/Ho_Chi_Minh'),
          /** What happens when a run is still going at the next time: skip it by default. */
          overlap: z.enum(['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all']).default('skip'),
          /** Runs missed while the cluster was down are made up within this window. */
          catchupWindow: z.string().min(1).default('1 hour'),
          /** Sources handled at once by a nightly run. */
          concurrency: z.number().int().min(1).max(34).default(4),
        })
        .prefault({}),
    })
    .prefault({}),
  review: z
    .object({
      reminderEveryHours: z
        .number()
        .min(1)
        .max(24 * 14)
        .default(24),
      escalateAfterDays: z.number().min(0).max(60).default(3),
      /** Reviewers named in reminders, per province code: { "80": ["nguyen.van.a@most.gov.vn"] }. */
      reviewers: z.record(z.string().regex(/^\d{2}$/), z.array(z.string().min(1))).default({}),
    })
    .prefault({}),
  /** What one document may cost; every limit is listed in the README's "Limits" table. */
  limits: z
    .object({
      /** Files larger than this are refused: while downloading, and before being read. */
      maxFileBytes: z
        .number()
        .int()
        .positive()
        .default(50 * MiB),
      /** PDFs with more pages are refused from their page count, before any page is read. */
      maxPages: z.number().int().min(1).max(100_000).default(1000),
      /**
       * Word documents whose parts declare more, unpacked, are refused before anything is
       * inflated. It can be lowered, not raised: the Word reader keeps its own hard limit.
       */
      maxUnpackedBytes: z
        .number()
        .int()
        .min(1)
        .max(MAX_DOCX_UNPACKED_BYTES, `must be at most ${MAX_DOCX_UNPACKED_BYTES} (128 MiB), the Word reader's own hard limit`)
        .default(MAX_DOCX_UNPACKED_BYTES),
      /** Parsing, OCR, extraction and verification of one document; past it the document is stopped and recorded as failed. */
      documentTimeoutMs: z
        .number()
        .int()
        .positive()
        .max(24 * 3_600_000)
        .default(15 * 60_000),
      /** Word documents: the XML the reader parses, all parts it opens together; more is refused (too_large). */
      maxXmlBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .max(MAX_DOCX_UNPACKED_BYTES, `must be at most ${MAX_DOCX_UNPACKED_BYTES} (128 MiB), the Word reader's own hard limit`)
        .default(DEFAULT_BUDGETS.maxXmlBytes),
      /** Characters of text read from one page; the rest of the page is left out, with a warning. */
      maxPageChars: z.number().int().min(1000).default(DEFAULT_BUDGETS.maxPageChars),
      /** Characters of text read from one document; the following pages are left out, with a warning. */
      maxDocumentChars: z.number().int().min(1000).default(DEFAULT_BUDGETS.maxDocumentChars),
      /** PDF: bytes one page's content streams inflate to; a page over it is not read, with a warning. */
      maxPageContentBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .default(DEFAULT_BUDGETS.maxPageContentBytes),
      /** Pixels decoded for OCR over one document; the following pages are not read by OCR, with a warning. */
      maxDecodedPixels: z.number().int().min(1_000_000).default(DEFAULT_BUDGETS.maxDecodedPixels),
      /** Resident memory of the process reading a document; past it the process is killed and the document fails (resource_limit). */
      documentMemoryBytes: z
        .number()
        .int()
        .min(256 * MiB, 'must be at least 268435456 (256 MiB): a process with OCR needs about that to start')
        .max(64 * 1024 * MiB)
        .default(1024 * MiB),
      /** Processes that read documents at once; 0: read them in this process, without those limits (for debugging). */
      documentProcesses: z.number().int().min(0).max(16).default(1),
      /** Reports processed at once by `baocao ingest` and in-process re-runs. */
      ingestConcurrency: z.number().int().min(1).max(32).default(2),
    })
    .prefault({}),
  verify: z
    .object({
      lowConfidence: z.number().min(0).max(1).default(0.7),
      /** A value this many times larger or smaller than the province's value of the period before is shown to a reviewer (history_jump). */
      historyJumpFactor: z.number().min(1.5).max(10000).default(10),
    })
    .prefault({}),
  ocr: z
    .object({
      /** Read scans (image files, PDF pages with no text layer) with tesseract.js. */
      enabled: z.boolean().default(true),
      /** OCR workers; 0: one per core. */
      workers: z.number().int().min(0).max(32).default(0),
      languages: z.string().min(1).default(DEFAULT_OCR_LANGUAGES),
      /** Pages of one document read at most; the rest are recorded as not read. */
      maxPages: z.number().int().min(1).max(5000).default(200),
      pageTimeoutMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
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
  notifications: z
    .object({
      webhookUrl: z.url().optional(),
      /** Address of the application (`baocao serve`) as people reach it: reminders link to it. */
      appUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL, e.g. https://baocao.most.gov.vn' }).optional(),
      /** A province whose report is not in is also reminded this many days before its deadline (0: only after it). */
      remindDaysBeforeDeadline: z.number().int().min(0).max(60).default(0),
      /** Reminders by e-mail, besides the webhook; unset: none. */
      email: emailSchema.optional(),
    })
    .superRefine((n, ctx) => {
      if (n.email && !n.appUrl)
        ctx.addIssue({
          code: 'custom',
          path: ['appUrl'],
          message: 'required when notifications.email is set: e-mail reminders carry a link to the application',
        });
    })
    .prefault({}),
  /** The review application (`baocao serve`). */
  web: z
    .object({
      /** Secure cookies: true (always), false (never: plain http only), 'auto' (when the request came over https). */
      secureCookies: z.union([z.boolean(), z.literal('auto')]).default('auto'),
      /** Believe X-Forwarded-For / X-Forwarded-Proto from: true (any proxy), or addresses / CIDRs of the proxies. */
      trustProxy: z.union([z.boolean(), z.string().min(1), z.array(z.string().min(1))]).default(false),
      /** A session ends this long after login, or after this long unused. */
      sessionHours: z
        .number()
        .min(0.1)
        .max(24 * 30)
        .default(12),
      idleMinutes: z
        .number()
        .min(1)
        .max(24 * 60)
        .default(120),
      /** Failed logins per address and per username within the window before 429. */
      loginMaxFailures: z.number().int().min(1).max(100).default(5),
      loginWindowMinutes: z
        .number()
        .min(1)
        .max(24 * 60)
        .default(15),
      /** Page images are drawn in processes of their own: this many at once, each given this long (and limits.documentMemoryBytes). */
      pageImageProcesses: z.number().int().min(1).max(2).default(1),
      pageImageTimeoutMs: z.number().int().min(1000).max(600_000).default(20_000),
    })
    .prefault({}),
  llm: z
    .object({
      apiKey: z.string().min(1).optional(),
      baseUrl: z.url().optional(),
      model: z.string().min(1).default('gpt-4o-mini'),
      /** Per request, including the answer. */
      timeoutMs: z.number().int().positive().default(60_000),
      /** Requests in flight at once for one report. */
      maxConcurrency: z.number().int().min(1).max(16).default(2),
      /** Retries of a request on 429, 5xx, timeouts and connection errors, within the attempt cap (the validation retry is separate). */
      maxRetries: z.number().int().min(0).max(5).default(2),
      /** max_completion_tokens of each group's request. */
      maxCompletionTokens: z.number().int().min(256).max(32_000).default(2000),
      /** Estimated tokens of report text per group's request; beyond it the blocks that name the group least are left out (and logged). */
      maxInputTokens: z.number().int().min(500).max(200_000).default(8000),
      /** 'auto': structured outputs (json_schema, strict), falling back to JSON mode when the server refuses them. */
      responseFormat: z.enum(['auto', 'json_schema', 'json_object']).default('auto'),
      /** unsettled: the model reads only what the rules could not settle; all: every sentence naming a group's subject. */
      ask: z.enum(['unsettled', 'all']).default('unsettled'),
      /**
       * Token budgets (in and out, every request and retry, as llm_cache records them): a request
       * that could take a document, or tonight's run (since midnight in schedule.nightly.timeZone),
       * past its budget is not sent, and the group is read by the rules alone. 0: never ask.
       */
      maxTokensPerDocument: z.number().int().min(0).default(60_000),
      maxTokensPerNight: z.number().int().min(0).default(2_000_000),
      /** US dollars per million tokens, for the cost recorded on each run. */
      price: z.object({ inputPerMillion: z.number().min(0).default(0.15), outputPerMillion: z.number().min(0).default(0.6) }).prefault({}),
    })
    .prefault({}),
  /** Hybrid merge of rules and model: below these confidences a one-sided value is flagged. */
  merge: z
    .object({
      /** Unset: the threshold the shipped scorer was calibrated with (extractors/mentions/scorer-model.json). */
      rulesOnlyMinConfidence: z.number().min(0).max(1).optional(),
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

/**
 * Numeric settings the environment may set, by variable. The limits are all here, so that an
 * operator can tighten one for a night without editing the file.
 */
export const NUMERIC_ENVIRONMENT: Readonly<Record<string, string>> = {
  BAOCAO_MAX_FILE_BYTES: 'limits.maxFileBytes',
  BAOCAO_MAX_PAGES: 'limits.maxPages',
  BAOCAO_MAX_UNPACKED_BYTES: 'limits.maxUnpackedBytes',
  BAOCAO_DOCUMENT_TIMEOUT_MS: 'limits.documentTimeoutMs',
  BAOCAO_MAX_XML_BYTES: 'limits.maxXmlBytes',
  BAOCAO_MAX_PAGE_CHARS: 'limits.maxPageChars',
  BAOCAO_MAX_DOCUMENT_CHARS: 'limits.maxDocumentChars',
  BAOCAO_MAX_PAGE_CONTENT_BYTES: 'limits.maxPageContentBytes',
  BAOCAO_MAX_DECODED_PIXELS: 'limits.maxDecodedPixels',
  BAOCAO_DOCUMENT_MEMORY_BYTES: 'limits.documentMemoryBytes',
  BAOCAO_DOCUMENT_PROCESSES: 'limits.documentProcesses',
  BAOCAO_INGEST_CONCURRENCY: 'limits.ingestConcurrency',
  BAOCAO_NIGHTLY_CONCURRENCY: 'schedule.nightly.concurrency',
  BAOCAO_FETCH_CONCURRENCY: 'sources.concurrency',
  BAOCAO_FETCH_TIMEOUT_MS: 'sources.timeoutMs',
  BAOCAO_FETCH_RETRIES: 'sources.retries',
  BAOCAO_FETCH_MAX_REDIRECTS: 'sources.maxRedirects',
  BAOCAO_HISTORY_JUMP_FACTOR: 'verify.historyJumpFactor',
  BAOCAO_OCR_WORKERS: 'ocr.workers',
  BAOCAO_OCR_MAX_PAGES: 'ocr.maxPages',
  BAOCAO_OCR_PAGE_TIMEOUT_MS: 'ocr.pageTimeoutMs',
  BAOCAO_LLM_MAX_CONCURRENCY: 'llm.maxConcurrency',
  BAOCAO_LLM_TIMEOUT_MS: 'llm.timeoutMs',
  BAOCAO_LLM_MAX_RETRIES: 'llm.maxRetries',
  BAOCAO_LLM_MAX_INPUT_TOKENS: 'llm.maxInputTokens',
  BAOCAO_LLM_MAX_COMPLETION_TOKENS: 'llm.maxCompletionTokens',
  BAOCAO_LLM_MAX_TOKENS_PER_DOCUMENT: 'llm.maxTokensPerDocument',
  BAOCAO_LLM_MAX_TOKENS_PER_NIGHT: 'llm.maxTokensPerNight',
  BAOCAO_WORKER_MAX_ACTIVITIES: 'temporal.worker.maxConcurrentActivities',
};

/** The other variables (strings, and the SMTP port, which only exists with an e-mail section); named in errors, values never shown (some are secrets). */
const STRING_ENVIRONMENT: Readonly<Record<string, string>> = {
  BAOCAO_DATA_DIR: 'dataDir',
  BAOCAO_WEBHOOK_URL: 'notifications.webhookUrl',
  BAOCAO_APP_URL: 'notifications.appUrl',
  BAOCAO_SMTP_HOST: 'notifications.email.host',
  BAOCAO_SMTP_PORT: 'notifications.email.port',
  BAOCAO_SMTP_USER: 'notifications.email.user',
  BAOCAO_SMTP_PASSWORD: 'notifications.email.password',
  BAOCAO_MAIL_FROM: 'notifications.email.from',
  DATABASE_URL: 'databaseUrl',
  TEMPORAL_ADDRESS: 'temporal.address',
  TEMPORAL_NAMESPACE: 'temporal.namespace',
  TEMPORAL_TASK_QUEUE: 'temporal.taskQueue',
  TEMPORAL_API_KEY: 'temporal.apiKey',
  OPENAI_API_KEY: 'llm.apiKey',
  OPENAI_BASE_URL: 'llm.baseUrl',
  OPENAI_MODEL: 'llm.model',
  BAOCAO_LLM_ASK: 'llm.ask',
};

const setting = (env: NodeJS.ProcessEnv, name: string) => (env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : undefined);

/**
 * A number as people write one in an environment ("52428800", "52_428_800"); anything else is
 * left as the string, so that zod says the setting wants a number rather than it turning into NaN.
 */
function numberOf(text: string): number | string {
  const plain = text.replace(/_/g, '');
  return /^[+-]?\d+(?:\.\d+)?$/.test(plain) ? Number(plain) : text;
}

function nested(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<Record<string, unknown>>((inner, key, i) => ({ [key]: i === 0 ? value : inner }), {});
}

/** The SMTP settings the environment gives; undefined when it gives none (no e-mail section appears from nothing). */
function emailFromEnvironment(pick: (name: string) => string | undefined): Record<string, unknown> | undefined {
  const port = pick('BAOCAO_SMTP_PORT');
  const email = {
    host: pick('BAOCAO_SMTP_HOST'),
    port: port === undefined ? undefined : numberOf(port.trim()),
    user: pick('BAOCAO_SMTP_USER'),
    password: pick('BAOCAO_SMTP_PASSWORD'),
    from: pick('BAOCAO_MAIL_FROM'),
  };
  return Object.values(email).some((v) => v !== undefined) ? email : undefined;
}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const pick = (name: string) => (env[name] && env[name]!.trim() !== '' ? env[name] : undefined);
  const strings = {
    dataDir: pick('BAOCAO_DATA_DIR'),
    notifications: { webhookUrl: pick('BAOCAO_WEBHOOK_URL'), appUrl: pick('BAOCAO_APP_URL'), email: emailFromEnvironment(pick) },
    databaseUrl: pick('DATABASE_URL'),
    temporal: {
      address: pick('TEMPORAL_ADDRESS'),
      namespace: pick('TEMPORAL_NAMESPACE'),
      taskQueue: pick('TEMPORAL_TASK_QUEUE'),
      apiKey: pick('TEMPORAL_API_KEY'),
    },
    llm: { apiKey: pick('OPENAI_API_KEY'), baseUrl: pick('OPENAI_BASE_URL'), model: pick('OPENAI_MODEL'), ask: pick('BAOCAO_LLM_ASK') },
  };
  return Object.entries(NUMERIC_ENVIRONMENT).reduce(
    (out, [name, path]) => {
      const text = setting(env, name);
      return text === undefined ? out : overlay(out, nested(path, numberOf(text)));
    },
    strings as Record<string, unknown>,
  );
}

/** Where a wrong value came from, when the environment set it: "limits.maxPages (BAOCAO_MAX_PAGES=0)". */
function origin(path: string, env: NodeJS.ProcessEnv): string {
  for (const [name, p] of Object.entries(NUMERIC_ENVIRONMENT))
    if (p === path && setting(env, name) !== undefined) return `${path} (${name}=${setting(env, name)})`;
  for (const [name, p] of Object.entries(STRING_ENVIRONMENT)) if (p === path && setting(env, name) !== undefined) return `${path} (${name})`;
  return path;
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
  if (isObject(fromFile.temporal) && 'apiKey' in fromFile.temporal) {
    throw new ConfigError(`${file}: temporal.apiKey must not be written in the file; set TEMPORAL_API_KEY in the environment`);
  }
  if (isObject(fromFile.notifications) && isObject(fromFile.notifications.email) && 'password' in fromFile.notifications.email) {
    throw new ConfigError(`${file}: notifications.email.password must not be written in the file; set BAOCAO_SMTP_PASSWORD in the environment`);
  }
  const env = options.env ?? process.env;
  const layered = overlay(overlay(fromFile, fromEnvironment(env)), { ...options.overrides });
  const result = configSchema.safeParse(layered);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${origin(i.path.join('.'), env) || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid configuration (${file} and environment):\n${problems}`);
  }
  return result.data;
}

/**
 * The configuration with limits.documentTimeoutMs set from a command's --timeout-ms (a whole
 * number of milliseconds, at most 24 h, as the setting); absent, as configured.
 */
export function withDocumentTimeout(config: Config, option: string | undefined): Config {
  if (option === undefined) return config;
  const ms = Number(option.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(option) || !Number.isSafeInteger(ms) || ms < 1 || ms > 24 * 3_600_000) {
    throw new UsageError(`--timeout-ms ${option}: must be a whole number of milliseconds from 1 to ${24 * 3_600_000} (24 h)`);
  }
  return { ...config, limits: { ...config.limits, documentTimeoutMs: ms } };
}
