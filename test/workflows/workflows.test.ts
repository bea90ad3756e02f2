// The Temporal workflows must bundle for the deterministic sandbox: this runs the SDK's
// own bundler (webpack with the sandbox's module restrictions) over workflows/index.ts. What
// workflows may import is one of the layer rules of test/architecture.test.ts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const workflowsDir = fileURLToPath(new URL('../../workflows/', import.meta.url));

describe('workflows', () => {
  it('bundle through the Temporal SDK bundler', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(workflowsDir, 'index.ts'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never,
    });
    for (const workflow of ['processReport', 'ingestSource', 'nightlyIngestion', 'rerunExtraction', 'reviewDeadline']) expect(code).toContain(workflow);
    expect(code.length).toBeGreaterThan(10_000);
  }, 120_000);
});
