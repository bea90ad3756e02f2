// OCR is a way of getting a page's words: it uses parse's layout pass, text helpers and opened
// PDF, and only parse's entry point (which chooses between the text layer and OCR) uses it.
// Checked on the import statements of the sources, so that the two folders do not grow back
// into importing each other.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const IMPORT = /^[ \t]*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|cjs|js)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The project files a source imports, from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((m) => (m[1] ?? m[2] ?? m[3])!)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

describe('parse and ocr', () => {
  it('only the entry point of parse/ imports parse/ocr/', () => {
    const offending = sources('extractors/parse')
      .filter((f) => f !== 'extractors/parse/index.ts' && !f.startsWith('extractors/parse/ocr/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((to) => to.startsWith('extractors/parse/ocr/'))
          .map((to) => `${f} -> ${to}`),
      );
    expect(offending).toEqual([]);
  });

  it('parse/ocr/ never imports the entry point of parse/', () => {
    const offending = sources('extractors/parse/ocr').flatMap((f) =>
      importsOf(f)
        .filter((to) => to === 'extractors/parse/index.ts')
        .map((to) => `${f} -> ${to}`),
    );
    expect(offending).toEqual([]);
  });
});
