// The baocao command as a user runs it: a real process, real files, a real database.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decimal } from 'decimal.js';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlTextDocx, ESCAPE_FILE_NAME, twoProvincesDocx } from '../../fixtures/hostile/resource.ts';
import { loadTruthFiles, type TruthFile } from '../../fixtures/truth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { EXTRACT_VALUE_FIELDS } from '../helpers/extract-contract.ts';

const root = new URL('../..', import.meta.url).pathname;
const reportsDir = join(root, 'fixtures/reports');
const run = promisify(execFile);

async function baocao(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'cli/baocao.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...env },
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let truths: { path: string; truth: TruthFile }[];
beforeAll(async () => {
  truths = await loadTruthFiles(reportsDir);
});

describe('baocao extract --json', () => {
  it.each(['docx', 'pdf'])('returns the truth values of a fixture %s, each with evidence and page', async (format) => {
    const { truth } = truths.find((t) => t.truth.format === format)!;
    const result = await baocao(['extract', join(reportsDir, truth.file), '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    const { province_code, period_start, period_end, period_label, report_kind, number } = truth.document;
    expect(out.document).toMatchObject({ province_code, period_start, period_end, period_label, report_kind, number });
    // The header as the document states it, with how sure each field is.
    expect(out.document).toMatchObject({ document_type: 'bao_cao', issuer_kind: 'so_khcn', scope: 'report', forced: false, marks: [], signed_at: null });
    expect(out.document.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(out.document.issue_year).toBe(Number(out.document.date.slice(0, 4)));
    expect(Object.keys(out.document.confidence).sort()).toEqual(['date', 'document_type', 'issuer', 'number', 'province_code', 'signed_at']);
    for (const expected of truth.values) {
      const got = out.values.find((v: { indicator: string }) => v.indicator === expected.indicator);
      expect(got, `${truth.file} ${expected.indicator}`).toBeDefined();
      expect(new Decimal(got.value).eq(expected.value), `${expected.indicator}: ${got.value} vs ${expected.value}`).toBe(true);
      expect(got.evidence.length).toBeGreaterThan(5);
      expect(got.page).toBeGreaterThanOrEqual(1);
      expect(Object.keys(got).sort()).toEqual(EXTRACT_VALUE_FIELDS);
    }
  });

  it('fails with a clear message and exit code 1 on a file that is not a report', async () => {
    const result = await baocao(['extract', join(root, 'fixtures/broken/notes.pdf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^baocao: .*plain text/m);
  });

  it('a missing file or a folder is wrong usage (exit 2), said in a sentence', async () => {
    const missing = await baocao(['extract', join(root, 'no-such-report.pdf')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`baocao: no such file: ${join(root, 'no-such-report.pdf')}\n`);
    const folder = await baocao(['extract', reportsDir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`baocao: ${reportsDir} is a folder; give a report file, or use \`baocao ingest ${reportsDir}\` for a folder\n`);
  });
});

describe('baocao parse', () => {
  const pdf = join(reportsDir, 'tayninh-2025-h1.pdf');

  it('prints the document as the pipeline read it, as text, Markdown or JSON', async () => {
    const text = await baocao(['parse', pdf]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^=== page 1 · text layer ===$/m);
    expect(text.stdout).toMatch(/^Số: 215\/BC-SKHCN \| Tây Ninh, ngày 12 tháng 6 năm 2025$/m);
    const markdown = await baocao(['parse', pdf, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^## page 1 · text layer$/m);
    expect(markdown.stdout).toMatch(/^\| ỦY BAN NHÂN DÂN TỈNH TÂY NINH \| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \|$/m);
    expect(markdown.stdout).toMatch(/^\| --- \| --- \|$/m);
    const json = JSON.parse((await baocao(['parse', pdf, '--format', 'json'])).stdout);
    expect(json.media_type).toBe('application/pdf');
    expect(json.pages[0]).toMatchObject({ number: 1, source: 'text', ocr_confidence: null, stamps: [] });
    expect(json.pages[0].blocks[0]).toMatchObject({ kind: 'table', ocr_confidence: null });
    expect(json.warnings).toEqual([]);
    expect(json.warning_details).toEqual([]);
  });

  it('a scanned page says it was read by OCR, with its confidence', async () => {
    const scan = await baocao(['parse', join(root, 'fixtures/scans/danang-2025-q3.p2.scan.jpg'), '--format', 'json']);
    expect(scan.code).toBe(0);
    const page = JSON.parse(scan.stdout).pages[0];
    expect(page.source).toBe('ocr');
    expect(page.ocr_confidence).toBeGreaterThan(0.8);
    expect(page.blocks.every((b: { ocr_confidence: number }) => b.ocr_confidence > 0)).toBe(true);
  }, 120_000);

  it('refuses an unknown format with exit code 2', async () => {
    expect((await baocao(['parse', pdf, '--format', 'html'])).code).toBe(2);
  });
});

describe('baocao eval', () => {
  it('meets the targets on the fixture set: recall >= 0.9 per format, auto-accepted precision >= 0.99', async () => {
    const result = await baocao(['eval', reportsDir, '--json']);
    expect(result.code).toBe(0);
    const scores = JSON.parse(result.stdout);
    expect(scores.byFormat.map((s: { key: string }) => s.key)).toEqual(['docx', 'pdf']);
    for (const s of scores.byFormat) {
      expect(s.recall, s.key).toBeGreaterThanOrEqual(0.9);
      expect(s.autoPrecision, s.key).toBeGreaterThanOrEqual(0.99);
      // Flagging everything would make auto-accepted precision trivially perfect. The scorer,
      // fitted on the corpus of real phrasing and tuned for precision, accepts about 63% of the
      // fixture values today (issue 12 asks for 80%; not met yet): this guards against a collapse.
      expect(s.autoAccepted / s.predicted, s.key).toBeGreaterThanOrEqual(0.6);
    }
    expect(scores.classification.wrong).toEqual([]);
  });

  it('--tokens prints, per report, the model input tokens with routing and with the whole text', async () => {
    const result = await baocao(['eval', reportsDir, '--tokens']);
    expect(result.code).toBe(0);
    const section = result.stdout.slice(result.stdout.indexOf('Model input tokens'));
    expect(section).toMatch(/routed/);
    expect(section).toMatch(/whole/);
    for (const { truth } of truths) {
      const row = section.split('\n').find((l) => l.includes(truth.file));
      expect(row, truth.file).toBeDefined();
      const [routed, whole] = row!
        .match(/\d[\d,.]*/g)!
        .slice(-3, -1)
        .map((n) => Number(n.replace(/,/g, '')));
      expect(routed, truth.file).toBeGreaterThan(0);
      expect(whole, truth.file).toBeGreaterThan(routed!);
    }
  });
});

describe('file names and document text the terminal would act on', () => {
  it('ingest and values print control characters escaped, and --json carries them escaped', async () => {
    const data = await mkdtemp(join(tmpdir(), 'baocao-escape-'));
    try {
      const inbox = join(data, 'inbox');
      await mkdir(inbox);
      await copyFile(join(reportsDir, 'danang-2025-q3.docx'), join(inbox, ESCAPE_FILE_NAME));
      const env = { BAOCAO_DATA_DIR: join(data, 'data') };
      const ingest = await baocao(['ingest', inbox], env);
      expect(ingest.code, ingest.stderr).toBe(0);
      const values = await baocao(['values'], env);
      const json = await baocao(['ingest', inbox, '--json'], env);
      for (const out of [ingest.stdout, ingest.stderr, values.stdout, json.stdout]) expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(ingest.stderr).toContain('bao-cao-\\x1b]0;HACKED\\x07\\x1b[2J\\x1b[31mdo.docx');
      // The table shortens a long name in its middle; what it shows is escaped, and --json has it whole.
      expect(values.stdout).toContain('bao-cao-\\');
      const valuesJson = await baocao(['values', '--json'], env);
      expect(valuesJson.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(new Set(JSON.parse(valuesJson.stdout).map((v: { document: string }) => v.document))).toEqual(new Set([ESCAPE_FILE_NAME]));
      // The JSON is the same data: the name comes back whole when it is read.
      expect(JSON.parse(json.stdout).files[0].file).toBe(ESCAPE_FILE_NAME);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe('document text the terminal would act on', () => {
  it('parse and extract print a C1 control and a bidirectional override in the text escaped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baocao-controls-'));
    try {
      const file = join(dir, 'controls.docx');
      await writeFile(file, controlTextDocx());
      const raw = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
      const text = await baocao(['parse', file]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).not.toMatch(raw);
      expect(text.stdout).toContain('Cấp 16 giấy phép \\x9b2J tiến hành công việc bức xạ \\u202etxt.exe.');
      const json = await baocao(['parse', file, '--format', 'json']);
      expect(json.stdout).not.toMatch(raw);
      // Still the same JSON: the text comes back whole when it is read.
      expect(JSON.stringify(JSON.parse(json.stdout))).toContain('\u009b2J');
      const extract = await baocao(['extract', file]);
      expect(extract.code, extract.stderr).toBe(0);
      expect(extract.stdout).not.toMatch(raw);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('extract of a report whose header names two provinces', () => {
  it('holds every value for a reviewer (province_mismatch) and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baocao-two-'));
    try {
      await writeFile(join(dir, 'two-provinces.docx'), twoProvincesDocx());
      const result = await baocao(['extract', join(dir, 'two-provinces.docx'), '--json']);
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout);
      expect(out.document.province_code).toBe('40');
      expect(out.values.length).toBeGreaterThan(3);
      for (const v of out.values) expect(v).toMatchObject({ status: 'flagged', reasons: expect.arrayContaining(['province_mismatch']) });
      const mismatch = /^the header names another province as issuer besides TỈNH NGHỆ AN: TỈNH HÀ TĨNH \(42\)/;
      expect(out.warnings).toContainEqual(expect.stringMatching(mismatch));
      expect(out.warning_details).toContainEqual({ code: 'province_mismatch', page: null, message: expect.stringMatching(mismatch) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('extract --timeout-ms', () => {
  it('stops a report past it (its process killed), exit 1 with the reason; a value that is not a duration is wrong usage', async () => {
    const stopped = await baocao(['extract', join(reportsDir, 'bacgiang-2024.pdf'), '--timeout-ms', '1']);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/took longer than 1 ms \(limits\.documentTimeoutMs\): stopped/);
    const wrong = await baocao(['extract', join(reportsDir, 'bacgiang-2024.pdf'), '--timeout-ms', 'soon']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--timeout-ms soon: must be a whole number of milliseconds/);
  });
});

describe('the embedded default (no DATABASE_URL)', () => {
  it('ingests into PGlite under the data folder and lists the values', async () => {
    const data = await mkdtemp(join(tmpdir(), 'baocao-pglite-'));
    try {
      const env = { BAOCAO_DATA_DIR: data };
      const summary = JSON.parse((await baocao(['ingest', reportsDir, '--json'], env)).stdout);
      expect(summary).toMatchObject({ new_documents: truths.length, failed: 0 });
      const flagged = JSON.parse((await baocao(['values', '--status', 'flagged', '--json'], env)).stdout);
      expect(flagged).toHaveLength(summary.awaiting_review);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe('sources, the demo and submission status on the command line', () => {
  let t: TestDatabase;
  let data: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    data = await mkdtemp(join(tmpdir(), 'baocao-cli-sources-'));
    env = { DATABASE_URL: t.url, BAOCAO_DATA_DIR: data };
  });
  afterAll(async () => {
    await t?.drop();
    await rm(data, { recursive: true, force: true });
  });

  it('the demo fetches the reports from the simulator, and the second run downloads nothing', async () => {
    const port = String(47_900 + Math.floor(Math.random() * 90));
    const first = await baocao(['demo', '--port', port, '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ new_documents: truths.length, failed: 0 });
    const second = JSON.parse((await baocao(['demo', '--port', port, '--json'], env)).stdout);
    expect(second).toMatchObject({ new_documents: 0, unchanged: truths.length, failed: 0 });
    expect(second.sources.flatMap((s: { entries: { fetch: string }[] }) => s.entries.map((e) => e.fetch))).toEqual(Array(truths.length).fill('unchanged'));
    // The demo's sources are disabled: a plain nightly run does not go looking for the simulator.
    const nightly = await baocao(['nightly', '--json'], env);
    expect(nightly.code).toBe(0);
    expect(JSON.parse(nightly.stdout).sources).toEqual([]);
    expect((await baocao(['nightly', '--source', 'no-such-source'], env)).code).toBe(2);
  });

  it('run rerun re-extracts a selection in process when no Temporal address is set', async () => {
    const result = await baocao(['run', 'rerun', '--province', '48', '--period', '2025-Q3', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ selected: 2, extracted: 2, failed: 0 });
    expect((await baocao(['run', 'rerun'], env)).code).toBe(2);
    // Forcing extraction is a decision about named documents, never a whole filter.
    const forced = await baocao(['run', 'rerun', '--province', '48', '--force'], env);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/--force needs --document/);
    expect((await baocao(['run', 'sideways'], env)).code).toBe(2);
  });

  it('status shows who submitted for a period and who is late', async () => {
    const result = await baocao(['status', '--period', '2025-Q3', '--as-of', '2025-10-01', '--json'], env);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.deadline).toBe('2025-09-20');
    expect(status.rows).toHaveLength(34);
    const danang = status.rows.find((r: { provinceCode: string }) => r.provinceCode === '48');
    // Received when the demo fetched it (today), so late against a 2025 deadline.
    expect(danang.state).toBe('late');
    expect(status.rows.filter((r: { state: string }) => r.state === 'missing_overdue')).toHaveLength(33);
    const table = await baocao(['status', '--period', '2025-Q3', '--as-of', '2025-10-01'], env);
    expect(table.stdout).toMatch(/1 of 34 provinces submitted \(1 late\); 33 overdue/);
    expect((await baocao(['status', '--period', 'last-year'], env)).code).toBe(2);
    expect((await baocao(['status', '--period', '2025-Q3', '--as-of', '2025-13-45'], env)).code).toBe(2);
  });

  it('sources apply reads a YAML file, and names the field that is wrong', async () => {
    const file = join(data, 'sources.yaml');
    await writeFile(file, 'sources:\n  - name: da-nang-share\n    province: "48"\n    kind: dir\n    location: /srv/bao-cao/da-nang\n    enabled: false\n');
    expect((await baocao(['sources', 'apply', file], env)).code).toBe(0);
    const listed = JSON.parse((await baocao(['sources', 'list', '--json'], env)).stdout);
    expect(listed.find((s: { name: string }) => s.name === 'da-nang-share')).toMatchObject({ kind: 'dir', provinceCode: '48', enabled: false });
    await writeFile(file, 'sources:\n  - name: upload-48\n    province: "99"\n    kind: http\n    location: not-a-url\n');
    const bad = await baocao(['sources', 'apply', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sources\.0\.province: not one of the 34 province codes/);
    expect(bad.stderr).toMatch(/sources\.0\.location: an http source needs an http\(s\):\/\/ URL/);
    expect(bad.stderr).toMatch(/sources\.0\.name: names starting with "upload-" are kept for hand uploads/);
  });

  it('every command refuses a period, province or indicator that names nothing, the same way (exit 2)', async () => {
    const period =
      'baocao: --period banana: not a period; give a key such as 2025-H1, 2025-Q3, 2025-M05, 2024-9M or 2024, or a phrase such as "quý III/2025"\n';
    for (const args of [['values'], ['status'], ['report', '--indicator', 'NV01'], ['run', 'rerun', '--local']]) {
      const result = await baocao([...args, '--period', 'banana'], env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(period);
    }
    const province = /^baocao: --province 99: not a province code \(two digits, e\.g\. 80 for Tây Ninh/;
    for (const args of [['values'], ['run', 'rerun', '--local'], ['add', join(reportsDir, 'danang-2025-q3.docx')]]) {
      const result = await baocao([...args, '--province', '99'], env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(province);
    }
    for (const args of [['values'], ['report', '--period', '2025']]) {
      const result = await baocao([...args, '--indicator', 'XX99'], env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^baocao: --indicator XX99: (not an indicator|neither an indicator id)/);
    }
    // A period written as the reports write it is as good as its key.
    const byPhrase = JSON.parse((await baocao(['values', '--period', 'quý III/2025', '--json'], env)).stdout);
    const byKey = JSON.parse((await baocao(['values', '--period', '2025-Q3', '--json'], env)).stdout);
    expect(byPhrase.length).toBeGreaterThan(0);
    expect(byPhrase).toEqual(byKey);
  });

  it('prints tables within 100 columns, indicator names beside their codes, and "—" for a figure that does not exist', async () => {
    const widest = (text: string) =>
      Math.max(
        ...text
          .split('\n')
          .filter((l) => /^[│┌├└]/.test(l))
          .map((l) => stringWidth(l)),
      );
    for (const args of [
      ['values'],
      ['values', '--status', 'flagged'],
      ['sources', 'list'],
      ['status', '--period', '2025-Q3'],
      ['report', '--indicator', 'NV09', '--period', '2024'],
      ['extract', join(reportsDir, 'hcm-2024-9m.pdf')],
    ]) {
      const result = await baocao(args, env);
      expect(result.code, args.join(' ')).toBe(0);
      expect(widest(result.stdout), args.join(' ')).toBeLessThanOrEqual(100);
    }
    const values = (await baocao(['values', '--province', '48'], env)).stdout;
    expect(values).toMatch(/│ NV02 Số nhiệm vụ KH/);
    // 2025: Tây Ninh's first half and Đà Nẵng's third quarter, neither the whole year: no whole-period sum, not a sum of 0.
    const report = (await baocao(['report', '--indicator', 'NV02', '--period', '2025'], env)).stdout;
    expect(report).toMatch(/, 0 for the whole period$/m);
    expect(report).toMatch(/^national total: [\d.]+ nhiệm vụ; without the partial ones \((48 Đà Nẵng|80 Tây Ninh|48 Đà Nẵng, 80 Tây Ninh)\): —$/m);
  });

  it('keeps logs out of the output: JSON lines on stderr when it is not a terminal, sentences with --log-format text', async () => {
    const file = join(reportsDir, 'bacgiang-2024.docx');
    const piped = await baocao(['extract', file], { ...env, OPENAI_API_KEY: '' });
    expect(piped.stdout).not.toMatch(/OPENAI_API_KEY|"level"/);
    expect(JSON.parse(piped.stderr.trim().split('\n')[0]!)).toMatchObject({
      level: 40,
      msg: 'no OPENAI_API_KEY configured: extraction runs on the rules alone',
    });
    const text = await baocao(['--log-format', 'text', 'extract', file], { ...env, OPENAI_API_KEY: '' });
    expect(text.stderr).toBe('warning: no OPENAI_API_KEY configured: extraction runs on the rules alone\n');
    expect((await baocao(['--log-format', 'xml', 'values'], env)).code).toBe(2);
  });

  it('add stores a report that arrived by hand, once', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'baocao-cli-add-'));
    try {
      const addEnv = { BAOCAO_DATA_DIR: fresh };
      const file = join(reportsDir, 'danang-2025-q3.docx');
      const first = JSON.parse((await baocao(['add', file, '--province', '48', '--json'], addEnv)).stdout);
      expect(first).toMatchObject({ new: true, status: 'extracted' });
      expect(first.values.length).toBeGreaterThan(20);
      const again = await baocao(['add', file, '--province', '48'], addEnv);
      expect(again.stdout).toMatch(/was added before/);
      expect((await baocao(['add', file, '--province', '99'], addEnv)).code).toBe(2);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('Temporal commands without a server', () => {
  it('schedule apply --dry-run prints the schedule from temporal.yaml', async () => {
    const result = await baocao(['schedule', 'apply', '--dry-run', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      scheduleId: 'baocao-nightly',
      spec: { cronExpressions: ['0 1 * * *'], timezone: 'Asia/Ho_Chi_Minh' },
      action: { type: 'startWorkflow', workflowType: 'nightlyIngestion', taskQueue: 'baocao' },
      policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    });
  });

  it('worker and schedule apply say that no address is configured', async () => {
    for (const args of [['worker'], ['schedule', 'apply']]) {
      const result = await baocao(args, { TEMPORAL_ADDRESS: '' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/no Temporal address configured/);
    }
  });

  it('a malformed address names the setting', async () => {
    const result = await baocao(['worker'], { TEMPORAL_ADDRESS: 'http://temporal' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/temporal\.address \(TEMPORAL_ADDRESS\): must be host:port/);
  });
});

describe('usage', () => {
  it.each([
    '--help',
    'extract --help',
    'ingest --help',
    'values --help',
    'eval --help',
    'db migrate --help',
    'demo --help',
    'nightly --help',
    'add --help',
    'status --help',
    'sources list --help',
    'sources apply --help',
    'worker --help',
    'run --help',
    'schedule apply --help',
  ])('baocao %s prints help and exits 0', async (command) => {
    const result = await baocao(command.split(' '));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: baocao/);
  });

  it('an unknown command or option exits 2', async () => {
    expect((await baocao(['frobnicate'])).code).toBe(2);
    expect((await baocao(['values', '--status', 'maybe'])).code).toBe(2);
  });

  it.each([
    ['the environment', ['values'], { DATABASE_URL: 'mysql://nope' }],
    ['the command line', ['--database-url', 'mysql://nope', 'values'], {}],
  ])('a bad setting from %s names the setting', async (_, args, env) => {
    const result = await baocao(args as string[], env as Record<string, string>);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/databaseUrl( \(DATABASE_URL\))?: must be a postgres:\/\/ URL/);
  });
});

describe('baocao ingest and values on Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('ingests the fixtures, then adds nothing the second time', async () => {
    const data = await mkdtemp(join(tmpdir(), 'baocao-cli-'));
    try {
      const env = { DATABASE_URL: t.url, BAOCAO_DATA_DIR: data };
      const first = await baocao(['ingest', reportsDir, '--json'], env);
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({ new_documents: truths.length, unchanged: 0, failed: 0 });
      const second = JSON.parse((await baocao(['ingest', reportsDir, '--json'], env)).stdout);
      expect(second).toMatchObject({ new_documents: 0, unchanged: truths.length, failed: 0, awaiting_review: summary.awaiting_review });

      const table = await baocao(['ingest', reportsDir], env);
      expect(table.stdout).toMatch(/values await review/);
      expect(table.stdout).toMatch(/NV01/);

      const values = JSON.parse((await baocao(['values', '--indicator', 'nv01', '--json'], env)).stdout);
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v: { indicator: string }) => v.indicator === 'NV01')).toBe(true);
      expect((await baocao(['values', '--indicator', 'XX99'], env)).code).toBe(2);
      expect((await baocao(['values', '--province', '99'], env)).code).toBe(2);

      // The roll-up over the same database: Tây Ninh's published TD01 for 2025-H1 is the national figure.
      const td01 = JSON.parse((await baocao(['values', '--indicator', 'TD01', '--province', '80', '--period', '2025-H1', '--json'], env)).stdout);
      const report = await baocao(['report', '--indicator', 'TD01', '--period', '2025-H1', '--json'], env);
      expect(report.code).toBe(0);
      const rolled = JSON.parse(report.stdout);
      expect(rolled.provinces.find((p: { code: string }) => p.code === '80').value).toBe(td01[0].value);
      expect(rolled.national.provinces).toBe(1);
      expect(rolled.national.missing).toHaveLength(33);
      const xlsx = join(data, 'td01.xlsx');
      expect((await baocao(['report', '--indicator', 'TD01', '--period', '2025-H1', '--out', xlsx], env)).code).toBe(0);
      expect((await stat(xlsx)).size).toBeGreaterThan(1000);
      expect((await baocao(['report', '--indicator', 'XX99', '--period', '2025'], env)).code).toBe(2);
      expect((await baocao(['report', '--indicator', 'TD01', '--period', 'sometime'], env)).code).toBe(2);

      const broken = await baocao(['ingest', join(root, 'fixtures/broken'), '--json'], env);
      expect(broken.code).toBe(1);
      expect(JSON.parse(broken.stdout).failed).toBe(4);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }, 240_000);
});
