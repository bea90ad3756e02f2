// The limits as configuration: every one has a default, can be set in temporal.yaml and by an
// environment variable, and a wrong value stops loadConfig with the setting's name (and the
// variable's, when the environment set it).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configError, configFolder, type ConfigFolder } from '../helpers/config-files.ts';
import { loadConfig, NUMERIC_ENVIRONMENT } from '../../app/config.ts';
import { documentLimitsOf, llmClientOf } from '../../app/runtime.ts';

let folder: ConfigFolder;
/** A configuration file with nothing in it: the defaults, whatever the working folder holds. */
const noFile = () => folder.empty;

beforeAll(async () => {
  folder = await configFolder('baocao-limits-config-');
});
afterAll(() => folder?.remove());

const yaml = (name: string, text: string) => folder.yaml(name, text);

describe('the limits', () => {
  it('have defaults', () => {
    const config = loadConfig({ file: noFile(), env: {} });
    expect(config.limits).toEqual({
      maxFileBytes: 50 * 1024 * 1024,
      maxPages: 1000,
      maxUnpackedBytes: 128 * 1024 * 1024,
      documentTimeoutMs: 15 * 60_000,
      ingestConcurrency: 2,
      maxXmlBytes: 12 * 1024 * 1024,
      maxPageChars: 1_000_000,
      maxDocumentChars: 4_000_000,
      maxPageContentBytes: 8 * 1024 * 1024,
      maxDecodedPixels: 2_000_000_000,
      documentMemoryBytes: 1024 * 1024 * 1024,
      documentProcesses: 1,
    });
    expect(config.llm).toMatchObject({ maxTokensPerDocument: 60_000, maxTokensPerNight: 2_000_000, maxConcurrency: 2 });
    expect(config.ocr).toMatchObject({ maxPages: 200, pageTimeoutMs: 60_000, workers: 0 });
    expect(config.sources.concurrency).toBe(4);
    expect(config.schedule.nightly.concurrency).toBe(4);
  });

  it('are read from temporal.yaml, and the environment wins over the file', async () => {
    const file = await yaml(
      'limits.yaml',
      'limits:\n  maxPages: 40\n  maxUnpackedBytes: 1048576\n  documentTimeoutMs: 60000\nllm:\n  maxTokensPerDocument: 5000\n  maxTokensPerNight: 90000\nocr:\n  workers: 1\n',
    );
    const fromFile = loadConfig({ file, env: {} });
    expect(fromFile.limits).toMatchObject({ maxPages: 40, maxUnpackedBytes: 1_048_576, documentTimeoutMs: 60_000 });
    expect(fromFile.llm).toMatchObject({ maxTokensPerDocument: 5000, maxTokensPerNight: 90_000 });
    expect(fromFile.ocr.workers).toBe(1);

    const both = loadConfig({
      file,
      env: { BAOCAO_MAX_PAGES: '12', BAOCAO_LLM_MAX_TOKENS_PER_NIGHT: '1_000_000', BAOCAO_DOCUMENT_TIMEOUT_MS: ' ', BAOCAO_OCR_WORKERS: '' },
    });
    expect(both.limits.maxPages).toBe(12);
    expect(both.llm.maxTokensPerNight).toBe(1_000_000);
    // Set but empty: the file's value stands.
    expect(both.limits.documentTimeoutMs).toBe(60_000);
    expect(both.ocr.workers).toBe(1);
  });

  it('each have a variable that reaches its setting', () => {
    const at = (config: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
    const defaults = loadConfig({ file: noFile(), env: {} });
    // Next to the default, so that every value is valid and none is the default.
    const wanted = Object.fromEntries(
      Object.entries(NUMERIC_ENVIRONMENT).map(([name, path]) => [name, (at(defaults, path) as number) === 0 ? 1 : (at(defaults, path) as number) - 1]),
    );
    const config = loadConfig({ file: noFile(), env: Object.fromEntries(Object.entries(wanted).map(([name, n]) => [name, String(n)])) });
    for (const [name, path] of Object.entries(NUMERIC_ENVIRONMENT)) expect(at(config, path), `${name} -> ${path}`).toBe(wanted[name]);
  });

  it('reach the activities and the model client', () => {
    const config = loadConfig({
      file: noFile(),
      env: {
        OPENAI_API_KEY: 'sk-test',
        BAOCAO_MAX_PAGES: '7',
        BAOCAO_MAX_UNPACKED_BYTES: '65536',
        BAOCAO_DOCUMENT_TIMEOUT_MS: '5000',
        BAOCAO_MAX_PAGE_CHARS: '20_000',
        BAOCAO_LLM_MAX_TOKENS_PER_DOCUMENT: '1234',
      },
    });
    expect(documentLimitsOf(config)).toEqual({
      maxFileBytes: 50 * 1024 * 1024,
      maxPages: 7,
      maxUnpackedBytes: 65_536,
      documentTimeoutMs: 5000,
      // The budgets of one document: the one set, and the defaults of the others.
      budgets: {
        maxXmlBytes: 12 * 1024 * 1024,
        maxPageChars: 20_000,
        maxDocumentChars: 4_000_000,
        maxPageContentBytes: 8 * 1024 * 1024,
        maxDecodedPixels: 2_000_000_000,
      },
    });
    const client = llmClientOf(config, pino({ level: 'silent' }))!;
    expect(client.settings).toMatchObject({ maxTokensPerDocument: 1234, maxTokensPerNight: 2_000_000, budgetTimeZone: 'Asia/Ho_Chi_Minh' });
  });
});

describe('a wrong limit', () => {
  it('names the setting and the variable that set it', () => {
    const message = configError(() => loadConfig({ file: noFile(), env: { BAOCAO_MAX_PAGES: '0', BAOCAO_DOCUMENT_TIMEOUT_MS: 'fifteen minutes' } }));
    expect(message).toMatch(/^invalid configuration/);
    expect(message).toMatch(/limits\.maxPages \(BAOCAO_MAX_PAGES=0\): .*>=1/);
    expect(message).toMatch(/limits\.documentTimeoutMs \(BAOCAO_DOCUMENT_TIMEOUT_MS=fifteen minutes\): .*expected number/);
  });

  it('names the setting when the file holds it', async () => {
    const file = await yaml('wrong.yaml', 'limits:\n  maxUnpackedBytes: 1073741824\nllm:\n  maxTokensPerNight: -1\n  maxTokensPerDocument: 2.5\n');
    const message = configError(() => loadConfig({ file, env: {} }));
    expect(message).toMatch(/limits\.maxUnpackedBytes: must be at most 134217728 \(128 MiB\), the Word reader's own hard limit/);
    expect(message).toMatch(/llm\.maxTokensPerNight: .*>=0/);
    expect(message).toMatch(/llm\.maxTokensPerDocument: .*int/);
    // A value from the file is not attributed to a variable that was not set.
    expect(message).not.toMatch(/BAOCAO_/);
  });

  it('refuses a night that ends in no known time zone (the token budget needs its midnight)', async () => {
    const file = await yaml('zone.yaml', 'schedule:\n  nightly:\n    timeZone: Mars/Olympus_Mons\n');
    expect(configError(() => loadConfig({ file, env: {} }))).toMatch(/schedule\.nightly\.timeZone: must be an IANA time zone/);
  });
});
