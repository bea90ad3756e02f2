// The submission page's routes against real Postgres, the real store and the real pipeline:
// a province's submitter uploads a report (stored once by hash, read by the core `baocao add`
// runs), sees the reading, marks a value misread (the reviewer sees the remark, the value does
// not change), submits (timeliness counts from then); bad files are refused with a Vietnamese
// sentence; and every route refuses other provinces and other roles.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { documents, extractedValues } from '../../db/schema.ts';
import { reportsReceived, submissionStatusOf } from '../../db/submissions.ts';
import { createUser } from '../../db/users.ts';
import { formatSize } from '../../shared/size.ts';
import { vi } from '../../web/i18n/vi.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { Client, loggedIn, startServer, testUploadReading, waitForReading, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';
const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
/** The moment "Nộp" is pressed in these tests: the server's clock. */
const SUBMITTED = new Date('2025-07-20T03:00:00Z');
const MAX_BYTES = 2 * 1024 * 1024;

let t: TestDatabase;
let server: RunningServer;
let work: string;

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-submit-'));
  const store = folderStore(join(work, 'store'));
  for (const [username, role, provinces] of [
    ['tn.nop', 'submitter', ['80']],
    ['hcm.nop', 'submitter', ['79']],
    ['tn.duyet', 'reviewer', ['80']],
    ['phantich', 'analyst', []],
  ] as const)
    await createUser(t.handle.db, { username, password: PASSWORD, role, provinces: [...provinces] });
  server = await startServer({
    db: t.handle.db,
    store,
    submissions: testUploadReading(t.handle.db, store, { maxFileBytes: MAX_BYTES }),
    now: () => SUBMITTED,
    logRequests: false,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
  await rm(work, { recursive: true, force: true });
});

async function upload(client: Client, csrf: string, bytes: Uint8Array, name: string): Promise<Response> {
  return fetch(`${server.url}/api/submissions`, {
    method: 'POST',
    headers: {
      cookie: [...client.cookies].map(([k, c]) => `${k}=${c.value}`).join('; '),
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(name),
      'x-csrf-token': csrf,
    },
    body: bytes,
  });
}

interface Reading {
  state: string;
  document: { id: number; type: string | null; number: string | null; periodKey: string | null; provinceCode: string | null; submittedAt: string | null };
  refusal: { code: string; message: string } | null;
  values: { id: number; indicator: string; value: string; status: string; page: number; evidence: string; remarks: { value: string; comment: string }[] }[];
}

const readingOf = (client: Client, id: number) => waitForReading<Reading>(client, id);

describe('a submitter uploads, checks and submits a report', () => {
  let tn: { client: Client; csrf: string };
  let uploadId: number;

  beforeAll(async () => {
    tn = await loggedIn(server.url, 'tn.nop', PASSWORD);
  });

  it('lands on the submission page after logging in, with the role and the province named', async () => {
    const client = new Client(server.url);
    const response = await client.login('tn.nop', PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/submit');
    const page = await (await client.request('/submit')).text();
    expect(page).toContain('Sở Khoa học và Công nghệ 80 Tây Ninh');
    expect(page).toContain('id="file-input"');
    expect(page).toContain(vi.submit.historyEmpty);
  });

  it('reads an uploaded DOCX: type, period, number and every value with its evidence and page', async () => {
    const bytes = new Uint8Array(await readFile(`${fixtures}reports/tayninh-2025-h1.docx`));
    const response = await upload(tn.client, tn.csrf, bytes, 'Báo cáo 6 tháng.docx');
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: number; documentId: number; isNew: boolean; url: string };
    expect(body.isNew).toBe(true);
    expect(body.url).toBe(`/submit/${body.id}`);
    uploadId = body.id;
    const reading = await readingOf(tn.client, uploadId);
    expect(reading.state).toBe('read');
    expect(reading.document).toMatchObject({ type: 'bao_cao', number: '215/BC-SKHCN', periodKey: '2025-H1', provinceCode: '80' });
    expect(reading.values.length).toBeGreaterThan(5);
    for (const v of reading.values) {
      expect(v.evidence.length).toBeGreaterThan(0);
      expect(v.page).toBeGreaterThanOrEqual(1);
    }
    const page = await (await tn.client.request(`/submit/${uploadId}`)).text();
    expect(page).toContain('215/BC-SKHCN');
    expect(page).toContain(vi.submit.summary(reading.values.length, reading.values.filter((v) => v.status === 'flagged').length));
    expect(page).toContain(vi.submit.send);
  });

  it('stores the same bytes once: a second upload is the same document', async () => {
    const bytes = new Uint8Array(await readFile(`${fixtures}reports/tayninh-2025-h1.docx`));
    const response = await upload(tn.client, tn.csrf, bytes, 'lại lần nữa.docx');
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: number; documentId: number; isNew: boolean };
    expect(body.isNew).toBe(false);
    expect(body.id).not.toBe(uploadId);
    const rows = await t.handle.db.select({ id: documents.id }).from(documents);
    expect(rows.map((r) => r.id)).toEqual([body.documentId]);
  });

  it('a misread value gets a remark for the reviewer; the value itself does not change', async () => {
    const reading = await readingOf(tn.client, uploadId);
    const target = reading.values[0]!;
    const bad = await tn.client.api(`/api/submissions/${uploadId}/remarks`, { valueId: target.id, value: 'mười hai', comment: 'bảng ghi khác' }, tn.csrf);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(vi.errors.badValue.notANumber('mười hai'));
    const noComment = await tn.client.api(`/api/submissions/${uploadId}/remarks`, { valueId: target.id, value: '12', comment: '  ' }, tn.csrf);
    expect(((await noComment.json()) as { message: string }).message).toBe(vi.submit.errors.commentEmpty);

    const before = (await t.handle.db.select().from(extractedValues).where(eq(extractedValues.id, target.id)))[0]!;
    const ok = await tn.client.api(`/api/submissions/${uploadId}/remarks`, { valueId: target.id, value: '1.294', comment: 'Bảng trang 3 ghi 1.294' }, tn.csrf);
    expect(ok.status).toBe(201);
    const after = (await t.handle.db.select().from(extractedValues).where(eq(extractedValues.id, target.id)))[0]!;
    expect(after.value).toBe(before.value);
    expect(after.status).toBe(before.status);
    expect((await readingOf(tn.client, uploadId)).values.find((v) => v.id === target.id)!.remarks).toEqual([
      expect.objectContaining({ value: '1294', comment: 'Bảng trang 3 ghi 1.294' }),
    ]);

    // The reviewer of the province sees it beside the value, and the value waits in the queue.
    const reviewer = await loggedIn(server.url, 'tn.duyet', PASSWORD);
    const value = (await (await reviewer.client.request(`/api/review/values/${target.id}`)).json()) as { remarks: { value: string; author: string }[] };
    expect(value.remarks).toEqual([expect.objectContaining({ value: '1294', author: 'tn.nop' })]);
    const queue = (await (await reviewer.client.request('/api/review/queue')).json()) as { items: { id: number }[] };
    expect(queue.items.map((i) => i.id)).toContain(target.id);
    const pane = await (await reviewer.client.request(`/review/values/${target.id}/pane`)).text();
    expect(pane).toContain('id="province-remarks"');
    expect(pane).toContain('Bảng trang 3 ghi 1.294');
  });

  it('"Nộp" records the submission time, which timeliness counts', async () => {
    const before = await reportsReceived(t.handle.db, '2025-H1');
    expect(before[0]!.receivedAt.getTime()).not.toBe(SUBMITTED.getTime());
    const response = await tn.client.api(`/api/submissions/${uploadId}/submit`, {}, tn.csrf);
    expect(response.status).toBe(200);
    expect(new Date(((await response.json()) as { submittedAt: string }).submittedAt).toISOString()).toBe(SUBMITTED.toISOString());
    const received = await reportsReceived(t.handle.db, '2025-H1');
    expect(received).toEqual([expect.objectContaining({ provinceCode: '80', receivedAt: SUBMITTED })]);
    const status = await submissionStatusOf(t.handle.db, '2025-H1', { asOf: '2025-08-01', daysAfterCutoff: 6 });
    // Due 20 June (six days after the 14 June cut-off): submitted 20 July, 30 days late.
    const tayNinh = status.rows.find((r) => r.provinceCode === '80')!;
    expect(tayNinh).toMatchObject({ state: 'late', daysLate: 30, receipt: { receivedOn: '2025-07-20' } });
    expect((await readingOf(tn.client, uploadId)).state).toBe('submitted');
    const history = await (await tn.client.request('/submit')).text();
    expect(history).toContain(vi.submit.state.submitted);
  });
});

describe('bad files are refused with a sentence saying what to do', () => {
  let tn: { client: Client; csrf: string };
  beforeAll(async () => {
    tn = await loggedIn(server.url, 'tn.nop', PASSWORD);
  });

  const refusal = async (response: Response) => ((await response.json()) as { message: string; code: string }).message;

  it('a file that is no report (plain text named .pdf) at once, and nothing is stored', async () => {
    const count = (await t.handle.db.select({ id: documents.id }).from(documents)).length;
    const response = await upload(tn.client, tn.csrf, new TextEncoder().encode('Báo cáo: 12 nhiệm vụ'), 'bao-cao.pdf');
    expect(response.status).toBe(415);
    expect(await refusal(response)).toBe(vi.submit.refused.unsupported_type);
    expect((await t.handle.db.select({ id: documents.id }).from(documents)).length).toBe(count);
  });

  it('an empty file, and one over the size cap', async () => {
    const empty = await upload(tn.client, tn.csrf, new Uint8Array(), 'rỗng.pdf');
    expect(empty.status).toBe(400);
    expect(await refusal(empty)).toBe(vi.submit.refused.empty);
    const big = new Uint8Array(MAX_BYTES + 10);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const tooLarge = await upload(tn.client, tn.csrf, big, 'lớn.pdf');
    expect(tooLarge.status).toBe(413);
    expect(await refusal(tooLarge)).toBe(vi.submit.refused.too_large(formatSize(MAX_BYTES, { wholeUnits: true })));
  });

  it('an encrypted PDF and a damaged one: refused by the parser, recorded against the document, said on the page', async () => {
    for (const [file, code] of [
      ['encrypted.pdf', 'encrypted'],
      ['corrupt.pdf', 'corrupt'],
    ] as const) {
      const response = await upload(tn.client, tn.csrf, new Uint8Array(await readFile(`${fixtures}broken/${file}`)), file);
      expect(response.status).toBe(201);
      const { id, documentId } = (await response.json()) as { id: number; documentId: number };
      const reading = await readingOf(tn.client, id);
      expect(reading.state).toBe('refused');
      expect(reading.refusal).toMatchObject({ code, message: vi.submit.refused[code] });
      const [doc] = await t.handle.db.select().from(documents).where(eq(documents.id, documentId));
      expect(doc).toMatchObject({ status: 'failed', failureCode: code });
      const page = await (await tn.client.request(`/submit/${id}`)).text();
      expect(page).toContain(vi.submit.refused[code]);
      // Nothing read, nothing to submit.
      const submit = await tn.client.api(`/api/submissions/${id}/submit`, {}, tn.csrf);
      expect(submit.status).toBe(409);
      expect(await refusal(submit)).toBe(vi.submit.errors.notRead);
    }
  });

  it('a wrong content type is refused in Vietnamese too', async () => {
    const response = await tn.client.request('/api/submissions', { json: { file: 'x' }, headers: { 'x-csrf-token': tn.csrf } });
    expect(response.status).toBe(415);
    expect(await refusal(response)).toBe(vi.submit.refused.unsupported_type);
  });
});

describe('province scope and roles on every submission route', () => {
  it("another province's submitter, a reviewer and an analyst cannot see or reach an upload", async () => {
    const tn = await loggedIn(server.url, 'tn.nop', PASSWORD);
    const bytes = new Uint8Array(await readFile(`${fixtures}reports/tayninh-2025-h1.pdf`));
    const { id } = (await (await upload(tn.client, tn.csrf, bytes, 'tn.pdf')).json()) as { id: number };
    const reading = await readingOf(tn.client, id);
    const valueId = reading.values[0]!.id;

    const hcm = await loggedIn(server.url, 'hcm.nop', PASSWORD);
    const list = (await (await hcm.client.request('/api/submissions')).json()) as { province: string; uploads: unknown[] };
    expect(list).toEqual({ province: '79', uploads: [] });
    expect(await (await hcm.client.request('/submit')).text()).toContain(vi.submit.historyEmpty);
    const reads = [`/api/submissions/${id}`, `/submit/${id}`, `/submit/${id}/pages/1.png`];
    for (const path of reads) {
      const response = await hcm.client.request(path);
      expect(response.status, path).toBe(403);
    }
    const writes: [string, unknown][] = [
      [`/api/submissions/${id}/confirm`, {}],
      [`/api/submissions/${id}/submit`, {}],
      [`/api/submissions/${id}/remarks`, { valueId, value: '1', comment: 'x' }],
    ];
    for (const [path, json] of writes) {
      const response = await hcm.client.api(path, json, hcm.csrf);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('out_of_scope');
    }
    // Nor the Ministry's pages: a submitter reads no other province's figures.
    for (const path of ['/api/review/queue', `/api/review/values/${valueId}`, `/documents/${reading.document.id}`, '/indicators'])
      expect((await hcm.client.request(path)).status, path).toBe(403);

    for (const username of ['tn.duyet', 'phantich']) {
      const other = await loggedIn(server.url, username, PASSWORD);
      for (const path of ['/api/submissions', ...reads]) expect((await other.client.request(path)).status, `${username} ${path}`).toBe(403);
      expect((await upload(other.client, other.csrf, bytes, 'x.pdf')).status, username).toBe(403);
      for (const [path, json] of writes) expect((await other.client.api(path, json, other.csrf)).status, `${username} ${path}`).toBe(403);
    }

    // The same bytes uploaded by Hồ Chí Minh's submitter: their own upload of Tây Ninh's report,
    // which they may read (they hold the file) but neither submit nor remark on for Tây Ninh.
    const again = (await (await upload(hcm.client, hcm.csrf, bytes, 'nhầm tỉnh.pdf')).json()) as { id: number; documentId: number };
    expect(again.documentId).toBe(reading.document.id);
    const theirs = await waitForReading<Reading>(hcm.client, again.id);
    expect(theirs.state).toBe('read');
    expect(await (await hcm.client.request(`/submit/${again.id}`)).text()).toContain('id="other-province"');
    const submitted = await hcm.client.api(`/api/submissions/${again.id}/submit`, {}, hcm.csrf);
    expect(submitted.status).toBe(403);
    expect(((await submitted.json()) as { message: string }).message).toBe(vi.submit.errors.otherProvince('80 Tây Ninh'));
    const remarked = await hcm.client.api(`/api/submissions/${again.id}/remarks`, { valueId, value: '1', comment: 'x' }, hcm.csrf);
    expect(remarked.status).toBe(403);
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.id, reading.document.id));
    expect(doc!.submittedAt).toBeNull();

    // Its own submitter confirms it; without the CSRF token nothing is changed.
    expect((await tn.client.api(`/api/submissions/${id}/confirm`, {}, 'wrong')).status).toBe(403);
    const confirmed = await tn.client.api(`/api/submissions/${id}/confirm`, {}, tn.csrf);
    expect(confirmed.status).toBe(200);
    expect((await (await tn.client.request(`/submit/${id}/pages/1.png`)).headers.get('content-type')) ?? '').toContain('image/png');
  });
});
