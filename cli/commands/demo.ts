// baocao demo: the README's main command. It starts the provincial portal simulator on this
// machine, points one http source per simulated province at it, and runs the nightly
// ingestion through the real fetch path into the embedded database. Run it again and the
// unchanged reports cost a conditional request each, no download.
import { fileURLToPath } from 'node:url';
import { upsertSources } from '../../db/sources.ts';
import { vietnamDate } from '../../extractors/submissions.ts';
import { startPortalSimulator } from '../../fixtures/portal-simulator.ts';
import type { Config } from '../../app/config.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';
import { runNightly } from './nightly.ts';

const FIXTURE_REPORTS = fileURLToPath(new URL('../../fixtures/reports/', import.meta.url));
/** A fixed port keeps the source URLs (and so their stored ETags) the same from run to run. */
export const DEMO_PORT = 47800;

export async function demoCommand(options: { port?: string; json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  const port = options.port ? Number(options.port) : DEMO_PORT;
  // Đà Nẵng publishes a JSON feed, the others an HTML page: both index styles are exercised.
  const simulator = await startPortalSimulator({ reportsDir: FIXTURE_REPORTS, port, indexStyle: { '48': 'json' } }).catch((error: Error) => {
    throw new Error(`cannot start the portal simulator on 127.0.0.1:${port} (${error.message}); try --port`);
  });
  // The simulator lives on this machine: the demo allows exactly that host, private address included.
  const demoConfig: Config = { ...config, sources: { ...config.sources, allowedHosts: ['127.0.0.1'], privateNetworkHosts: ['127.0.0.1'], retries: 1 } };
  const runtime = await openRuntime(demoConfig, createLogger(Boolean(options.verbose)));
  try {
    const provinceCodes = [...new Set(simulator.reports.map((r) => r.province))].sort();
    await upsertSources(
      runtime.handle.db,
      // Disabled: a later plain `baocao nightly` on the same data must not go looking for the
      // simulator; the demo names its sources explicitly.
      provinceCodes.map((code) => ({
        name: `demo-portal-${code}`,
        provinceCode: code,
        kind: 'http' as const,
        location: simulator.indexUrl(code),
        enabled: false,
      })),
    );
    if (!options.json) process.stderr.write(`portal simulator at ${simulator.url} (${provinceCodes.length} provinces); database ${runtime.handle.location}\n`);
    const { exitCode } = await runNightly(
      runtime.activities,
      runtime.handle.db,
      { json: options.json, only: provinceCodes.map((c) => `demo-portal-${c}`) },
      demoConfig,
    );
    if (!options.json) {
      const conditional = simulator.log.filter((l) => l.status === 304).length;
      if (conditional > 0) console.log(`${conditional} reports unchanged since the last run: answered 304 Not Modified, nothing downloaded`);
      console.log(`next: baocao values --status flagged · baocao status --period 2025-H1 (today is ${vietnamDate(new Date())})`);
    }
    return exitCode;
  } finally {
    await runtime.close();
    await simulator.close();
  }
}
