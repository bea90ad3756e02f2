// The Temporal workflows must bundle for the deterministic sandbox: this runs the SDK's
// own bundler (webpack with the sandbox's module restrictions) over workflows/index.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const workflowsDir = fileURLToPath(new URL('../workflows/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('workflows', () => {
  it('bundle through the Temporal SDK bundler', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(workflowsDir, 'index.ts'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never,
    });
    for (const workflow of ['processReport', 'ingestSource', 'nightlyIngestion', 'rerunExtraction', 'reviewDeadline']) expect(code).toContain(workflow);
    expect(code.length).toBeGreaterThan(10_000);
  }, 120_000);

  it('import no Node module and no runtime code from activities, db or extractors (only the shared leaf)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(workflowsDir)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        const [, typeOnly, from] = m;
        // The shared leaf (shared/) holds no Node module and imports nothing of the project.
        const allowed = from === '@temporalio/workflow' || from === '@temporalio/common' || from!.startsWith('./') || from!.startsWith('../../shared/') || (typeOnly && from!.startsWith('../'));
        if (!allowed) offenders.push(`${file}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
