// The synthetic report fixtures: truth files validate, the numbers they claim are in the
// documents (on the claimed page), and the generator is deterministic and up to date.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, generateFixtures } from '../fixtures/generate.ts';
import { readZip } from '../fixtures/gen/util.ts';
import { loadTruthFiles, truthFileSchema, type TruthFile } from '../fixtures/truth.ts';

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const reportsDir = join(fixturesDir, 'reports');
const brokenDir = join(fixturesDir, 'broken');

const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ');

/** The number as written, not as part of a longer number ("12" must not match inside "412" or "12.480"). */
function containsNumber(text: string, written: string): boolean {
  const esc = written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.,])${esc}(?![\\d]|[.,]\\d)`).test(text);
}

/** Vietnamese-written number -> JS number ("9.215" -> 9215, "14,2" -> 14.2). */
function parseVi(written: string): number {
  return Number(written.replace(/\./g, '').replace(',', '.'));
}

function documentXml(docx: Buffer): string {
  const entry = readZip(docx).find((e) => e.name === 'word/document.xml');
  if (!entry) throw new Error('no word/document.xml');
  return entry.data.toString('utf8');
}

/** DOCX text per page, pages split at explicit page breaks (the convention of types.ts). */
function docxPages(docx: Buffer): string[] {
  return documentXml(docx)
    .split(/<w:br w:type="page"\/>/)
    .map((xml) => norm([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ')).replace(/&amp;/g, '&'));
}

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text.map(norm);
}

let truths: { path: string; truth: TruthFile }[] = [];

beforeAll(async () => {
  truths = await loadTruthFiles(reportsDir);
});

describe('fixture truth files', () => {
  it('there are 4 reports x 2 formats, and every truth file validates', async () => {
    expect(truths).toHaveLength(8);
    expect(truths.filter((t) => t.truth.format === 'docx')).toHaveLength(4);
    for (const { path } of truths) {
      const parsed = truthFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      expect(parsed.success, path).toBe(true);
    }
  });

  it('each report file exists beside its truth, is non-empty and is what its format says', async () => {
    for (const { path, truth } of truths) {
      expect(path.endsWith(`${truth.file}.truth.json`)).toBe(true);
      const file = join(reportsDir, truth.file);
      expect(existsSync(file), file).toBe(true);
      const bytes = await readFile(file);
      expect(bytes.length).toBeGreaterThan(1000);
      const magic = bytes.subarray(0, 4).toString('latin1');
      expect(magic).toBe(truth.format === 'pdf' ? '%PDF' : 'PK\u0003\u0004');
    }
  });

  it('an indicator has one value per document; written forms agree with the values', () => {
    for (const { truth } of truths) {
      const seen = new Map<string, string>();
      for (const v of truth.values) {
        expect(seen.get(v.indicator) ?? v.value, `${truth.file} ${v.indicator}`).toBe(v.value);
        seen.set(v.indicator, v.value);
        if (v.where === 'table') expect(v.qualifier).toBeNull();
        // The number as written is the value, or the value in tỷ đồng (money held in triệu).
        const w = parseVi(v.written!);
        expect(
          [w, w * 1000].some((x) => Math.abs(x - Number(v.value)) < 1e-6),
          `${truth.file} ${v.indicator} ${v.written} vs ${v.value}`,
        ).toBe(true);
      }
      expect(truth.values.length).toBeGreaterThanOrEqual(20);
      expect(truth.values.some((v) => v.where === 'text')).toBe(true);
      expect(truth.values.some((v) => v.where === 'table')).toBe(true);
    }
  });

  it('budget parts add up; exactly one report states task levels that do not add up to the total', () => {
    const val = (t: TruthFile, id: string): number | undefined => {
      const v = t.values.find((x) => x.indicator === id);
      return v ? Number(v.value) : undefined;
    };
    const inconsistent: string[] = [];
    for (const { truth } of truths) {
      const [tc1, tc2, tc3] = ['TC01', 'TC02', 'TC03'].map((id) => val(truth, id));
      if (tc1 !== undefined && tc2 !== undefined && tc3 !== undefined) expect(tc2 + tc3).toBeCloseTo(tc1, 6);
      const [nv1, nv11, nv12, nv10] = ['NV01', 'NV11', 'NV12', 'NV10'].map((id) => val(truth, id));
      if (nv1 !== undefined && nv11 !== undefined && nv12 !== undefined && nv10 !== undefined && nv11 + nv12 + nv10 !== nv1) inconsistent.push(truth.file);
    }
    expect(inconsistent.sort()).toEqual(['hcm-2024-9m.docx', 'hcm-2024-9m.pdf']);
  });

  it('the DOCX and the PDF of a report carry the same values', () => {
    const key = (t: TruthFile) => t.values.map((v) => `${v.indicator}=${v.value}/${v.qualifier}/${v.where}`);
    for (const { truth } of truths.filter((t) => t.truth.format === 'docx')) {
      const pdf = truths.find((t) => t.truth.file === truth.file.replace(/\.docx$/, '.pdf'));
      expect(pdf, truth.file).toBeDefined();
      expect(key(pdf!.truth)).toEqual(key(truth));
      expect(pdf!.truth.document).toEqual(truth.document);
    }
  });
});

describe('the documents contain their truth', () => {
  it('DOCX: every value as written is in the mammoth text, and on its page', async () => {
    for (const { truth } of truths.filter((t) => t.truth.format === 'docx')) {
      const buffer = await readFile(join(reportsDir, truth.file));
      const raw = norm((await mammoth.extractRawText({ buffer })).value);
      const pages = docxPages(buffer);
      expect(raw).toContain(truth.document.number!);
      for (const v of truth.values) {
        expect(containsNumber(raw, v.written!), `${truth.file} ${v.indicator} "${v.written}"`).toBe(true);
        expect(containsNumber(pages[v.page - 1] ?? '', v.written!), `${truth.file} ${v.indicator} "${v.written}" on page ${v.page}`).toBe(true);
      }
    }
  });

  it('PDF: every value as written is in the unpdf text of its page', async () => {
    for (const { truth } of truths.filter((t) => t.truth.format === 'pdf')) {
      const pages = await pdfPages(await readFile(join(reportsDir, truth.file)));
      expect(pages.join(' ')).toContain(truth.document.number!);
      expect(pages[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      for (const v of truth.values) {
        expect(containsNumber(pages[v.page - 1] ?? '', v.written!), `${truth.file} ${v.indicator} "${v.written}" on page ${v.page}`).toBe(true);
      }
    }
  });
});

describe('fixture generator', () => {
  let a = '';
  let b = '';
  beforeAll(async () => {
    a = await mkdtemp(join(tmpdir(), 'baocao-fx-a-'));
    b = await mkdtemp(join(tmpdir(), 'baocao-fx-b-'));
    await generateFixtures(a, DEFAULT_SEED, { brokenDir: join(a, 'broken') });
    await generateFixtures(b, DEFAULT_SEED, { brokenDir: join(b, 'broken') });
  });
  afterAll(async () => {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  });

  it('is deterministic: same seed, same truth, same DOCX document.xml, same PDF text', async () => {
    const names = (await readdir(a)).filter((n) => n !== 'broken').sort();
    expect(names).toEqual((await readdir(b)).filter((n) => n !== 'broken').sort());
    expect(names).toHaveLength(16);
    for (const n of names) {
      const [x, y] = [await readFile(join(a, n)), await readFile(join(b, n))];
      if (n.endsWith('.truth.json')) expect(x.toString('utf8'), n).toBe(y.toString('utf8'));
      else if (n.endsWith('.docx')) expect(documentXml(x), n).toBe(documentXml(y));
      else expect(await pdfPages(x), n).toEqual(await pdfPages(y));
      expect(x.equals(y), `${n} byte-for-byte`).toBe(true);
    }
  });

  it('the committed fixtures are what the generator makes (else: npm run fixtures)', async () => {
    for (const { truth } of truths) {
      const committed = await readFile(join(reportsDir, `${truth.file}.truth.json`), 'utf8');
      expect(await readFile(join(a, `${truth.file}.truth.json`), 'utf8'), truth.file).toBe(committed);
      const [x, y] = [await readFile(join(a, truth.file)), await readFile(join(reportsDir, truth.file))];
      if (truth.format === 'docx') expect(documentXml(x), truth.file).toBe(documentXml(y));
      else expect(await pdfPages(x), truth.file).toEqual(await pdfPages(y));
    }
  });

  it('a different seed gives different numbers', async () => {
    const c = await mkdtemp(join(tmpdir(), 'baocao-fx-c-'));
    try {
      await generateFixtures(c, DEFAULT_SEED + 1);
      const name = 'tayninh-2025-h1.pdf.truth.json';
      expect(await readFile(join(c, name), 'utf8')).not.toBe(await readFile(join(a, name), 'utf8'));
    } finally {
      await rm(c, { recursive: true, force: true });
    }
  });
});

describe('broken fixtures', () => {
  it('empty, not-a-PDF, corrupt and encrypted files are there and broken as described', async () => {
    expect((await stat(join(brokenDir, 'empty.pdf'))).size).toBe(0);
    const notes = await readFile(join(brokenDir, 'notes.pdf'));
    expect(notes.subarray(0, 4).toString('latin1')).not.toBe('%PDF');
    expect(notes.toString('utf8')).toContain('không phải PDF');
    const corrupt = await readFile(join(brokenDir, 'corrupt.pdf'));
    expect(corrupt.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(corrupt.includes('%%EOF')).toBe(false);
    const encrypted = await readFile(join(brokenDir, 'encrypted.pdf'));
    expect(encrypted.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(encrypted.includes('/Encrypt')).toBe(true);
  });
});
