// The synthetic night's reports: for each of the 34 provinces, three reports made with the fixture
// generator (fixtures/gen): a DOCX, a 10-page text PDF (padded with extra narrative pages) and a
// 3-page scan (an image-only PDF, fixtures/scans/scan-image.ts). Each province takes three of the
// generator's four report templates (so its three reports are of three different periods and never
// compete for the same published value), rewritten for the province (header, place, names, "tỉnh"
// or "thành phố"); the numbers come from a seed per province.
//
// Written once into .bench-cache/night/pool/ (regenerated when the generator, the scan module or
// this file change); a run with N provinces ingests .bench-cache/night/provinces-N/, hard links to
// the pool's files.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { provinces as catalogueProvinces, type Province } from '../../extractors/catalogue.ts';
import { renderPdfPage } from '../../extractors/parse/ocr/render.ts';
import type { Block } from '../../fixtures/gen/model.ts';
import { renderDocx } from '../../fixtures/gen/render-docx.ts';
import { renderPdf } from '../../fixtures/gen/render-pdf.ts';
import { buildReports, type BuiltReport } from '../../fixtures/gen/specs.ts';
import { hash32 } from '../../fixtures/gen/util.ts';
import { greyPng, imagePdf, scanLike } from '../../fixtures/scans/scan-image.ts';
import { CACHE_DIR, REPO, progress } from './common.ts';

export const NIGHT_DIR = join(CACHE_DIR, 'night');
const POOL = join(NIGHT_DIR, 'pool');
/** Pages of the padded text PDF and of the scan. */
export const PDF_PAGES = 10;
export const SCAN_PAGES = 3;
const SCAN_DPI = 150;

/** The generator's report templates: the names each one writes, and the period it reports on. */
const TEMPLATES: Record<string, { unit: 'tinh' | 'thanh_pho'; phrase: string; short: string; place: string; periodKey: string }> = {
  'tayninh-2025-h1': { unit: 'tinh', phrase: 'tỉnh Tây Ninh', short: 'Tây Ninh', place: 'Tây Ninh', periodKey: '2025-H1' },
  'danang-2025-q3': { unit: 'thanh_pho', phrase: 'thành phố Đà Nẵng', short: 'Đà Nẵng', place: 'Đà Nẵng', periodKey: '2025-Q3' },
  'bacgiang-2024': { unit: 'tinh', phrase: 'tỉnh Bắc Giang', short: 'Bắc Giang', place: 'Bắc Giang', periodKey: '2024' },
  'hcm-2024-9m': { unit: 'thanh_pho', phrase: 'Thành phố Hồ Chí Minh', short: 'Hồ Chí Minh', place: 'Thành phố Hồ Chí Minh', periodKey: '2024-9M' },
};
const TEMPLATE_KEYS = Object.keys(TEMPLATES);

export type CorpusFormat = 'docx' | 'pdf' | 'scan';

export interface CorpusFile {
  file: string;
  provinceCode: string;
  template: string;
  format: CorpusFormat;
  pages: number;
  /** What classification should find. */
  expected: { provinceCode: string; periodKey: string };
}

// ---------------------------------------------------------------------------------------
// Rewriting a template for another province

function mapStrings(blocks: Block[], f: (s: string) => string): Block[] {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every Block kind (tsc checks it)
  return blocks.map((b): Block => {
    switch (b.kind) {
      case 'header':
        return b; // rewritten on its own
      case 'title':
        return { ...b, title: f(b.title), subtitle: f(b.subtitle) };
      case 'recipient':
      case 'heading':
        return { ...b, text: f(b.text) };
      case 'para':
        return { ...b, inlines: b.inlines.map((x) => (typeof x === 'string' ? f(x) : x)) };
      case 'signature':
        return { ...b, recipients: b.recipients.map(f), sign: b.sign.map(f), name: b.name };
      case 'annexTitle':
        return { ...b, lines: b.lines.map((l) => ({ ...l, text: f(l.text) })) };
      case 'table':
        return {
          ...b,
          header: b.header.map(f),
          ...(b.codeRow ? { codeRow: b.codeRow } : {}),
          rows: b.rows.map((r) => ({ ...r, cells: r.cells.map((c) => (typeof c === 'string' ? f(c) : c)) })),
        };
      case 'pageBreak':
        return b;
    }
  });
}

const LETTER = '\\p{L}';
const word = (w: string) => new RegExp(`(?<!${LETTER})${w}(?!${LETTER})`, 'gu');

/** The template's report, rewritten as the given province's. */
function forProvince(report: BuiltReport, p: Province): BuiltReport {
  const t = TEMPLATES[report.key]!;
  const short = p.shortName.replace(/^TP\.\s*/, '');
  const unitWord = p.unitType === 'tinh' ? 'tỉnh' : 'thành phố';
  const phrase = `${unitWord} ${short}`;
  const place = p.code === '79' ? 'Thành phố Hồ Chí Minh' : short;
  const upper = short.toUpperCase();
  // Names first, behind placeholders, so that the unit-word swap cannot touch them.
  const rewrite = (s: string): string => {
    let out = s
      .split(t.phrase)
      .join('\u0001')
      .split(t.phrase.charAt(0).toUpperCase() + t.phrase.slice(1))
      .join('\u0002')
      .split(t.short)
      .join('\u0003')
      .split(t.short.toUpperCase())
      .join('\u0004');
    if (t.unit !== p.unitType) {
      const [from, to] = t.unit === 'tinh' ? ['tỉnh', 'thành phố'] : ['thành phố', 'tỉnh'];
      out = out.replace(word(from), to).replace(word(from.charAt(0).toUpperCase() + from.slice(1)), to.charAt(0).toUpperCase() + to.slice(1));
    }
    return out
      .replaceAll('\u0001', phrase)
      .replaceAll('\u0002', phrase.charAt(0).toUpperCase() + phrase.slice(1))
      .replaceAll('\u0003', short)
      .replaceAll('\u0004', upper);
  };
  const blocks = mapStrings(report.blocks, rewrite).map((b): Block => {
    if (b.kind !== 'header') return b;
    return {
      ...b,
      authority: p.unitType === 'tinh' ? [`ỦY BAN NHÂN DÂN TỈNH ${upper}`] : ['ỦY BAN NHÂN DÂN', `THÀNH PHỐ ${upper}`],
      placeDate: b.placeDate.replace(t.place, place),
    };
  });
  return {
    ...report,
    key: `${p.code}-${report.key}`,
    document: { ...report.document, province_code: p.code },
    blocks,
    title: rewrite(report.title),
    author: rewrite(report.author),
  };
}

// ---------------------------------------------------------------------------------------
// Padding: narrative paragraphs without a single digit, so they add pages and no values.

const FILLER = [
  'Sở tiếp tục rà soát, hoàn thiện hệ thống văn bản quản lý nhà nước về khoa học và công nghệ trên địa bàn; tham mưu ban hành các quy định về quản lý nhiệm vụ khoa học và công nghệ, về hỗ trợ doanh nghiệp đổi mới công nghệ và về phát triển thị trường khoa học và công nghệ, bảo đảm phù hợp với quy định mới của Trung ương.',
  'Công tác thông tin, thống kê khoa học và công nghệ được duy trì thường xuyên; cơ sở dữ liệu về nhiệm vụ, tổ chức và nhân lực khoa học và công nghệ được cập nhật, kết nối với cơ sở dữ liệu quốc gia; các kết quả nghiên cứu được giới thiệu trên cổng thông tin điện tử của Sở và các phương tiện thông tin đại chúng.',
  'Hoạt động hỗ trợ khởi nghiệp đổi mới sáng tạo được đẩy mạnh thông qua các chương trình đào tạo, tư vấn, kết nối nhà đầu tư; Sở phối hợp với các trường đại học, viện nghiên cứu và hiệp hội doanh nghiệp tổ chức các sự kiện giới thiệu công nghệ, trình diễn sản phẩm và kết nối cung cầu công nghệ.',
  'Công tác chuyển đổi số trong hoạt động của Sở được triển khai đồng bộ; hồ sơ công việc được xử lý trên môi trường mạng, thủ tục hành chính được cung cấp trực tuyến, góp phần rút ngắn thời gian giải quyết và nâng cao mức độ hài lòng của tổ chức, cá nhân.',
  'Việc quản lý, sử dụng tài sản và kinh phí được thực hiện công khai, minh bạch, đúng quy định; các đơn vị sự nghiệp trực thuộc từng bước nâng cao năng lực tự chủ, mở rộng các dịch vụ kỹ thuật phục vụ sản xuất, kinh doanh và quản lý nhà nước trên địa bàn.',
  'Sở chú trọng công tác phối hợp với các sở, ban, ngành và địa phương trong việc đề xuất, đặt hàng nhiệm vụ khoa học và công nghệ gắn với nhu cầu thực tiễn; kết quả nghiên cứu sau nghiệm thu được bàn giao cho đơn vị ứng dụng và theo dõi hiệu quả sau chuyển giao.',
  'Công tác cải cách hành chính, phòng chống tham nhũng, thực hành tiết kiệm, chống lãng phí được quán triệt tới toàn thể công chức, viên chức và người lao động; kỷ luật, kỷ cương hành chính được tăng cường, tinh thần trách nhiệm trong thực thi công vụ được nâng lên.',
  'Tuy nhiên, nguồn lực đầu tư cho khoa học và công nghệ còn hạn chế, việc huy động doanh nghiệp tham gia nghiên cứu, ứng dụng còn khó khăn; đội ngũ cán bộ làm công tác khoa học và công nghệ ở cơ sở còn mỏng, chưa đáp ứng đầy đủ yêu cầu nhiệm vụ trong tình hình mới.',
];

/** The report with `count` filler paragraphs at the end of section I (before "II. ..."). */
function padded(report: BuiltReport, count: number, seed: number): BuiltReport {
  const at = report.blocks.findIndex((b) => b.kind === 'heading' && b.level === 1 && b.text.startsWith('II.'));
  const fill: Block[] = Array.from({ length: count }, (_, i) => ({ kind: 'para', inlines: [FILLER[(i + seed) % FILLER.length]!] }));
  const blocks = [...report.blocks];
  blocks.splice(at < 0 ? blocks.length : at, 0, ...fill);
  return { ...report, blocks };
}

/** The smallest padding that makes the PDF `pages` long (or just over, when a page cannot be hit). */
async function padPdf(report: BuiltReport, pages: number, seed: number): Promise<{ bytes: Buffer; pages: number }> {
  const render = async (n: number) => renderPdf(padded(report, n, seed));
  let hi = 8;
  let r = await render(hi);
  while (r.pages < pages) {
    hi *= 2;
    r = await render(hi);
  }
  let lo = 0;
  let best = r;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const m = await render(mid);
    if (m.pages >= pages) {
      hi = mid;
      best = m;
    } else lo = mid;
  }
  return { bytes: best.bytes, pages: best.pages };
}

// ---------------------------------------------------------------------------------------

async function generatorKey(): Promise<string> {
  const h = createHash('sha256').update(`pages ${PDF_PAGES} ${SCAN_PAGES} ${SCAN_DPI}`);
  const files = [
    ...readdirSync(join(REPO, 'fixtures', 'gen')).map((f) => join(REPO, 'fixtures', 'gen', f)),
    join(REPO, 'fixtures', 'scans', 'scan-image.ts'),
    join(REPO, 'bench', 'lib', 'corpus.ts'),
  ].sort();
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

async function generateProvince(p: Province, index: number): Promise<CorpusFile[]> {
  const seed = hash32(`baocao-bench:${p.code}`);
  const built = new Map(buildReports(seed).map((r) => [r.key, r]));
  const template = (k: number) => TEMPLATE_KEYS[(index + k) % TEMPLATE_KEYS.length]!;
  const report = (k: number) => forProvince(built.get(template(k))!, p);
  const out: CorpusFile[] = [];
  const expected = (k: number) => ({ provinceCode: p.code, periodKey: TEMPLATES[template(k)]!.periodKey });

  const docx = await renderDocx(report(0));
  const docxName = `${p.code}-${template(0)}.docx`;
  await writeFile(join(POOL, docxName), docx.bytes);
  out.push({ file: docxName, provinceCode: p.code, template: template(0), format: 'docx', pages: docx.pages, expected: expected(0) });

  const pdf = await padPdf(report(1), PDF_PAGES, seed);
  const pdfName = `${p.code}-${template(1)}.pdf`;
  await writeFile(join(POOL, pdfName), pdf.bytes);
  out.push({ file: pdfName, provinceCode: p.code, template: template(1), format: 'pdf', pages: pdf.pages, expected: expected(1) });

  // The scan: the first pages of the report's own (unpadded) PDF, at 150 dpi; every third
  // province's pages tilted, grained and JPEG-compressed like a paper scan, the others clean grey.
  let source = await renderPdf(report(2));
  if (source.pages < SCAN_PAGES) source = await renderPdf(padded(report(2), 12 * SCAN_PAGES, seed));
  const images: Uint8Array[] = [];
  for (let n = 1; n <= SCAN_PAGES; n++) {
    const png = await renderPdfPage(new Uint8Array(source.bytes), n, SCAN_DPI);
    images.push(
      index % 3 === 0 ? await scanLike(png, { degrees: 0.7, seal: null, seed: seed + n, dpi: SCAN_DPI, jpegQuality: 80 }) : await greyPng(png, SCAN_DPI),
    );
  }
  const scanName = `${p.code}-${template(2)}.scan.pdf`;
  await writeFile(join(POOL, scanName), await imagePdf(images, { title: `Scanned report ${p.code}` }));
  out.push({ file: scanName, provinceCode: p.code, template: template(2), format: 'scan', pages: SCAN_PAGES, expected: expected(2) });
  return out;
}

/** The pool for the first `count` provinces (by code), generated where missing. */
async function pool(count: number): Promise<CorpusFile[]> {
  const key = await generatorKey();
  const manifestFile = join(POOL, 'manifest.json');
  let manifest: { key: string; provinces: Record<string, CorpusFile[]> } = { key, provinces: {} };
  if (existsSync(manifestFile)) {
    const cached = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof manifest;
    if (cached.key === key) manifest = cached;
  }
  if (Object.keys(manifest.provinces).length === 0) await rm(NIGHT_DIR, { recursive: true, force: true });
  await mkdir(POOL, { recursive: true });
  const chosen = catalogueProvinces().slice(0, count);
  const files: CorpusFile[] = [];
  for (const [i, p] of chosen.entries()) {
    let entry = manifest.provinces[p.code];
    if (!entry?.every((f) => existsSync(join(POOL, f.file)))) {
      const t0 = Date.now();
      entry = await generateProvince(p, i);
      manifest.provinces[p.code] = entry;
      await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      progress(
        'prepare',
        `night reports ${i + 1}/${chosen.length}: ${p.name} (${entry.map((f) => f.file).join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    files.push(...entry);
  }
  return files;
}

/** The folder the night ingests: the first `count` provinces' reports, and their list. */
export async function prepareNight(count: number): Promise<{ dir: string; files: CorpusFile[] }> {
  const files = await pool(count);
  const dir = join(NIGHT_DIR, `provinces-${count}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const f of files) await link(join(POOL, f.file), join(dir, f.file)).catch(() => copyFile(join(POOL, f.file), join(dir, f.file)));
  await writeFile(join(dir, '.manifest.json'), `${JSON.stringify(files, null, 2)}\n`);
  return { dir, files };
}

/** What prepareNight made, without generating anything (the night stage reads this). */
export function loadNight(count: number): { dir: string; files: CorpusFile[] } {
  const dir = join(NIGHT_DIR, `provinces-${count}`);
  return { dir, files: JSON.parse(readFileSync(join(dir, '.manifest.json'), 'utf8')) as CorpusFile[] };
}

export function nightProvinces(quick: boolean): number {
  return quick ? 1 : catalogueProvinces().length;
}
