// The layers of /work/shared/design/ARCHITECTURE.md as rules over the import graph of the
// TypeScript sources: every import of every source file is read (static, re-exports, dynamic
// import() of a literal) and judged by the rules below. Imports that break a rule today and
// cannot be fixed at once are listed in ALLOWED, each with its reason; the list can only shrink
// (an allowed import that no longer exists fails the test, so that it is taken off).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAYERS = ['activities', 'app', 'cli', 'db', 'extractors', 'shared', 'web', 'workflows'] as const;
type Layer = (typeof LAYERS)[number];

interface Import {
  /** The importing file, from the repository root ("web/charts.ts"). */
  from: string;
  /** A project file from the repository root ("cli/format.ts"), or the package or Node module as written. */
  to: string;
  /** `import type`, `export type`, or braces whose every name is `type X`: erased when compiled. */
  typeOnly: boolean;
}

const STATEMENT =
  /^[ \t]*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The imports of one TypeScript source. */
function importsOf(file: string, source: string): Import[] {
  const out: Import[] = [];
  for (const m of source.matchAll(STATEMENT)) {
    const specifier = (m[3] ?? m[4] ?? m[5])!;
    const names = m[2]?.trim() ?? '';
    const braced = /^\{[\s\S]*\}$/.test(names)
      ? names
          .slice(1, -1)
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : [];
    const typeOnly = m[1] !== undefined || (braced.length > 0 && braced.every((n) => n.startsWith('type ')));
    const to = specifier.startsWith('.')
      ? relative(ROOT, resolve(ROOT, dirname(file), specifier))
          .split('\\')
          .join('/')
      : specifier;
    out.push({ from: file, to, typeOnly });
  }
  return out;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(`${dir}/${e.name}`) : /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [`${dir}/${e.name}`] : [],
  );
}

const layerOf = (path: string): Layer | null => ((LAYERS as readonly string[]).includes(path.split('/')[0]!) ? (path.split('/')[0] as Layer) : null);

/** Why an import breaks a layer rule, or null when it keeps them all. */
function violation({ from, to, typeOnly }: Import): string | null {
  const source = layerOf(from);
  const target = layerOf(to);
  if (source === null) return null;
  if (target === source && source !== 'workflows') return null;
  switch (source) {
    case 'shared':
      // Imported by everything, workflows included: no project file, no Node module, no package.
      return 'the shared leaf imports nothing: not the project, not Node, not a package';
    case 'workflows':
      // Deterministic sandbox: only the workflow API (and @temporalio/common, which it re-exports),
      // the orchestration core beside it, the shared leaf, and types of anything else.
      if (to === '@temporalio/workflow' || to === '@temporalio/common') return null;
      if (target === 'workflows' || target === 'shared') return null;
      if (typeOnly && target !== null && target !== 'app' && target !== 'cli' && target !== 'web') return null;
      return 'workflows import only types, @temporalio/workflow, the orchestration core and the shared leaf';
    case 'extractors':
      // Document understanding is pure: no database, no Temporal, no entry point.
      if (target === 'db' || target === 'activities' || target === 'workflows' || target === 'app' || target === 'web' || target === 'cli')
        return `extractors import nothing from ${target}/`;
      if (to.startsWith('@temporalio/') || to === 'drizzle-orm' || to.startsWith('drizzle-orm/')) return 'extractors know nothing of Temporal or the database';
      return null;
    case 'db':
      // Schema, migrations and queries: no knowledge of documents (how they are parsed or read).
      if (to.startsWith('extractors/parse/')) return 'db knows nothing of documents: not how they are parsed or read';
      if (target === 'activities' || target === 'workflows' || target === 'app' || target === 'web' || target === 'cli')
        return `db imports nothing from ${target}/`;
      return null;
    case 'activities':
      if (target === 'workflows' || target === 'app' || target === 'web' || target === 'cli') return `activities import nothing from ${target}/`;
      return null;
    case 'app':
      // The composition root: configuration, runtime, the Temporal client and the workflow
      // starters, over every layer below; the two entry points call it, it calls neither.
      if (target === 'cli' || target === 'web') return `app imports nothing from ${target}/: the entry points call it`;
      return null;
    case 'web':
      return target === 'cli' ? 'web and cli do not import each other' : null;
    case 'cli':
      return target === 'web' ? 'web and cli do not import each other' : null;
  }
}

/**
 * Imports that break a rule today, each with why it is not fixed yet. Take a line off when its
 * import goes; never add one without a reason a reviewer agrees with.
 */
const ALLOWED: Record<string, string> = {
  // `baocao serve` is how the review application is started: the CLI's one import of web/
  // (what the server is handed, runners and review signal, is built in app/).
  'cli/commands/serve.ts -> web/server.ts': 'the serve command starts the web server',
  // The roll-up workbook is written with the web export's code (it reads db/ and belongs in a
  // module both entry points import).
  'cli/commands/report.ts -> web/export.ts': 'the roll-up workbook, written by web/export.ts',
  'cli/commands/kpi.ts -> web/export.ts': 'the KPI workbook, written by web/export.ts',
};

function projectImports(): Import[] {
  return LAYERS.flatMap((layer) => sourcesUnder(layer)).flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), 'utf8')));
}

describe('the layers', () => {
  const imports = projectImports();
  const key = (i: Import) => `${i.from} -> ${i.to}`;

  it('are read from every source file, type-only imports told apart', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => key(i) === 'workflows/index.ts -> activities/contract.ts' && i.typeOnly)).toBe(true);
    expect(imports.some((i) => key(i) === 'web/charts.ts -> shared/format-vi.ts' && !i.typeOnly)).toBe(true);
  });

  it('are kept by every import, but for the allowed ones', () => {
    const broken = imports.map((i) => ({ i, why: violation(i) })).filter(({ i, why }) => why !== null && !(key(i) in ALLOWED));
    expect(broken.map(({ i, why }) => `${key(i)}: ${why}`)).toEqual([]);
  });

  it('allow only imports that still exist and still break a rule (the list only shrinks)', () => {
    const stale = Object.keys(ALLOWED).filter((k) => !imports.some((i) => key(i) === k && violation(i) !== null));
    expect(stale).toEqual([]);
  });
});

describe('importsOf and violation', () => {
  it('read multi-line, type-only, re-exported, side-effect and dynamic imports', () => {
    const source = [
      "import {\n  a,\n  b,\n} from '../db/client.ts';",
      "import type { X } from './types.ts';",
      "import { type Y, type Z } from '../activities/contract.ts';",
      "export * from '../cli/format.ts';",
      "import 'node:fs';",
      "const m = await import('../web/server.ts');",
    ].join('\n');
    expect(importsOf('extractors/x.ts', source)).toEqual([
      { from: 'extractors/x.ts', to: 'db/client.ts', typeOnly: false },
      { from: 'extractors/x.ts', to: 'extractors/types.ts', typeOnly: true },
      { from: 'extractors/x.ts', to: 'activities/contract.ts', typeOnly: true },
      { from: 'extractors/x.ts', to: 'cli/format.ts', typeOnly: false },
      { from: 'extractors/x.ts', to: 'node:fs', typeOnly: false },
      { from: 'extractors/x.ts', to: 'web/server.ts', typeOnly: false },
    ]);
  });

  it('fail each rule of ARCHITECTURE.md on an import that breaks it', () => {
    const judged = (from: string, to: string, typeOnly = false) => violation({ from, to, typeOnly });
    expect(judged('workflows/index.ts', 'node:crypto')).not.toBeNull();
    expect(judged('workflows/core/rerun.ts', 'db/client.ts')).not.toBeNull();
    expect(judged('workflows/core/rerun.ts', 'db/schema.ts', true)).toBeNull();
    expect(judged('workflows/index.ts', 'web/server.ts', true)).not.toBeNull();
    expect(judged('extractors/parse/pdf.ts', 'db/client.ts', true)).not.toBeNull();
    expect(judged('extractors/llm/client.ts', '@temporalio/activity')).not.toBeNull();
    expect(judged('db/documents.ts', 'extractors/parse/index.ts')).not.toBeNull();
    expect(judged('db/documents.ts', 'extractors/types.ts', true)).toBeNull();
    expect(judged('web/charts.ts', 'cli/format.ts')).not.toBeNull();
    expect(judged('cli/commands/serve.ts', 'web/server.ts')).not.toBeNull();
    expect(judged('cli/commands/run.ts', 'app/starters.ts')).toBeNull();
    expect(judged('web/server.ts', 'app/reruns.ts', true)).toBeNull();
    expect(judged('app/runtime.ts', 'cli/format.ts')).not.toBeNull();
    expect(judged('app/web-runners.ts', 'web/server.ts', true)).not.toBeNull();
    expect(judged('app/starters.ts', 'workflows/index.ts')).toBeNull();
    expect(judged('activities/index.ts', 'app/config.ts', true)).not.toBeNull();
    expect(judged('workflows/index.ts', 'app/config.ts', true)).not.toBeNull();
    expect(judged('db/users.ts', 'app/config.ts')).not.toBeNull();
    expect(judged('extractors/classify.ts', 'app/config.ts', true)).not.toBeNull();
    expect(judged('activities/index.ts', 'workflows/core/failure.ts')).not.toBeNull();
    expect(judged('shared/size.ts', 'extractors/types.ts', true)).not.toBeNull();
    expect(judged('shared/size.ts', 'decimal.js')).not.toBeNull();
    expect(judged('shared/size.ts', 'shared/diacritics.ts')).toBeNull();
  });
});
