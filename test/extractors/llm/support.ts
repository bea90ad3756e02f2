// Shared by the model-extraction tests: the fixture reports parsed once per file, and a
// client for the fake server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlmClient, type LlmSettings } from '../../../extractors/llm/client.ts';
import { parseDocument } from '../../../extractors/parse/index.ts';
import type { ParsedDocument } from '../../../extractors/types.ts';
import { loadTruthFiles, type TruthFile } from '../../../fixtures/truth.ts';

export const reportsDir = new URL('../../../fixtures/reports/', import.meta.url).pathname;

export interface Fixture {
  truth: TruthFile;
  path: string;
  bytes: Uint8Array;
  doc: ParsedDocument;
}

export async function loadFixtures(): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const { truth } of await loadTruthFiles(reportsDir)) {
    const path = join(reportsDir, truth.file);
    const bytes = new Uint8Array(await readFile(path));
    out.push({ truth, path, bytes, doc: await parseDocument(bytes) });
  }
  return out;
}

export function testSettings(baseUrl: string, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    apiKey: 'test-key',
    baseUrl,
    model: 'fake-model',
    timeoutMs: 5_000,
    maxConcurrency: 2,
    maxRetries: 2,
    maxCompletionTokens: 2000,
    maxInputTokens: 8000,
    responseFormat: 'auto',
    // These tests are about the client, the cache and the attempt cap: every group is asked.
    // What is asked by default (only what the rules could not settle) is tested in unsettled.test.ts.
    ask: 'all',
    price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    ...overrides,
  };
}

export function testClient(baseUrl: string, overrides: Partial<LlmSettings> = {}): LlmClient {
  return new LlmClient(testSettings(baseUrl, overrides));
}

/** Distinct truth values of a report, one per indicator. */
export function truthByIndicator(truth: TruthFile): Map<string, string> {
  return new Map(truth.values.map((v) => [v.indicator, v.value]));
}
