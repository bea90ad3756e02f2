// The scanned-report fixtures (fixtures/scans/reports): the truth schema's "scan" format and
// `source` field, the committed scans against their source PDFs and truths, and the generator
// making the same bytes again. No OCR here.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScans, REPORT_SCANS } from '../../../../fixtures/scans/generate.ts';
import { loadTruthFiles, truthFileSchema, type TruthFile } from '../../../../fixtures/truth.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SCANS = path.join(ROOT, 'fixtures/scans');
const REPORTS = path.join(ROOT, 'fixtures/reports');

const base: TruthFile = {
  file: 'x.scan.pdf',
  format: 'scan',
  source: '../../reports/x.pdf',
  document: {
    province_code: '80',
    period_start: '2024-12-15',
    period_end: '2025-06-14',
    period_label: '6 tháng đầu năm 2025',
    report_kind: 'periodic',
    number: '215/BC-SKHCN',
  },
  values: [{ indicator: 'NV01', value: '76', qualifier: null, page: 1, where: 'text' }],
};

describe('truth schema: scans', () => {
  it('accepts the "scan" format with a relative source, and a source stays optional', () => {
    expect(truthFileSchema.parse(base)).toEqual(base);
    const { source: _source, ...withoutSource } = base;
    expect(truthFileSchema.safeParse(withoutSource).success).toBe(true);
    expect(truthFileSchema.safeParse({ ...base, format: 'pdf' }).success).toBe(true);
  });

  it('refuses an unknown format, an empty or absolute source', () => {
    expect(truthFileSchema.safeParse({ ...base, format: 'tiff' }).success).toBe(false);
    expect(truthFileSchema.safeParse({ ...base, source: '' }).success).toBe(false);
    expect(truthFileSchema.safeParse({ ...base, source: '/work/fixtures/reports/x.pdf' }).success).toBe(false);
    expect(truthFileSchema.safeParse({ ...base, source: 'C:\\reports\\x.pdf' }).success).toBe(false);
  });
});

describe('the committed scanned reports', () => {
  let scans: { path: string; truth: TruthFile }[];
  beforeAll(async () => {
    scans = await loadTruthFiles(path.join(SCANS, 'reports'));
  });

  it("there is one per text PDF of fixtures/reports, with the source PDF's truth and pages", async () => {
    const sources = (await readdir(REPORTS)).filter((n) => n.endsWith('.pdf')).sort();
    expect(scans.map((s) => s.truth.source).sort()).toEqual(sources.map((n) => `../../reports/${n}`));
    for (const { path: truthPath, truth } of scans) {
      expect(truth.format).toBe('scan');
      expect(truthPath.endsWith(`${truth.file}.truth.json`)).toBe(true);
      const sourcePath = path.resolve(path.dirname(truthPath), truth.source!);
      const sourceTruth = truthFileSchema.parse(JSON.parse(await readFile(`${sourcePath}.truth.json`, 'utf8')));
      expect(truth.document, truth.file).toEqual(sourceTruth.document);
      expect(truth.values, truth.file).toEqual(sourceTruth.values);
      // Image-only: as many pages as the source, none with a text layer.
      const scan = await extractText(new Uint8Array(await readFile(path.join(path.dirname(truthPath), truth.file))), { mergePages: false });
      const source = await extractText(new Uint8Array(await readFile(sourcePath)), { mergePages: false });
      expect(scan.totalPages, truth.file).toBe(source.totalPages);
      expect(
        scan.text.every((t) => t.trim() === ''),
        truth.file,
      ).toBe(true);
    }
  });

  it('the degradations the issue asks for are all there: 150 and 300 dpi, tilts of 0.5 to 3 degrees, an upside-down page', () => {
    expect(new Set(REPORT_SCANS.map((s) => s.dpi))).toEqual(new Set([150, 200, 300]));
    for (const s of REPORT_SCANS) {
      expect(
        s.degrees.every((d) => Math.abs(d) >= 0.5 && Math.abs(d) <= 3),
        s.source,
      ).toBe(true);
      expect(new Set(s.degrees).size, s.source).toBe(s.degrees.length);
    }
    expect(REPORT_SCANS.flatMap((s) => s.upsideDown ?? [])).toHaveLength(1);
    expect(REPORT_SCANS.some((s) => (s.look.blur ?? 0) > 0 && (s.look.jpegQuality ?? 100) <= 50)).toBe(true);
  });
});

describe('the scan generator', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'baocao-scans-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('makes the committed files again, byte for byte', async () => {
    const written = await generateScans(out);
    expect(written.map((f) => f.name)).toContain('reports/hcm-2024-9m.scan.pdf');
    for (const { name } of written) {
      const made = await readFile(path.join(out, name));
      const committed = await readFile(path.join(SCANS, name));
      if (name.endsWith('.truth.json')) {
        // `source` is relative to where the truth was written; it must lead to the same PDF.
        const a = JSON.parse(made.toString('utf8')) as TruthFile;
        const b = JSON.parse(committed.toString('utf8')) as TruthFile;
        expect(path.resolve(out, 'reports', a.source!), name).toBe(path.resolve(SCANS, 'reports', b.source!));
        expect({ ...a, source: null }, name).toEqual({ ...b, source: null });
      } else {
        expect(made.equals(committed), name).toBe(true);
      }
    }
  }, 120_000);
});
