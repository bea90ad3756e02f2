// The review queue and decisions over real HTTP, on values that the real pipeline flagged in
// the fixture reports (HCM 9 months 2024, PDF and DOCX: among others, the four values of the
// task table whose parts exceed their total, in each; Tây Ninh 2025-H1), against real Postgres.
// What the scorer flags as doubtful changes when it is refitted on the corpus, so the counts are
// read from the stored extraction, never written here. The DOCX carries another report number here, so that it is
// another report of the same province and period, reviewed on its own (the same report in two
// formats is reviewed once: test/db/one-report.test.ts).
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/contract.ts';
import { documents, extractedValues, extractionRuns, publishedValues } from '../../db/schema.ts';
import { indicators } from '../../extractors/catalogue.ts';
import { createUser } from '../../db/users.ts';
import { processReport } from '../../workflows/core/process-report.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Client, fixtureQueries, HCM_OTHER_REPORT_DOCX, ingestFixtures, loggedIn, startServer, type RunningServer } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';
const PDF = 'hcm-2024-9m.pdf';
const DOCX = 'hcm-2024-9m.docx';

let t: TestDatabase;
let server: RunningServer;
let activities: Activities;
let cleanup: () => Promise<void>;
const reviewed: number[] = [];

type Session = { client: Client; csrf: string };
let hcm: Session;
let hcm2: Session;
let tayNinh: Session;
let analyst: Session;

beforeAll(async () => {
  t = await createTestDatabase();
  const ingested = await ingestFixtures(t.handle.db, [PDF, HCM_OTHER_REPORT_DOCX, 'tayninh-2025-h1.pdf']);
  activities = ingested.activities;
  cleanup = ingested.cleanup;
  await createUser(t.handle.db, { username: 'rev.hcm', password: PASSWORD, role: 'reviewer', provinces: ['79'] });
  await createUser(t.handle.db, { username: 'rev.hcm2', password: PASSWORD, role: 'reviewer', provinces: ['79'] });
  await createUser(t.handle.db, { username: 'rev.tn', password: PASSWORD, role: 'reviewer', provinces: ['80'] });
  await createUser(t.handle.db, { username: 'analyst', password: PASSWORD, role: 'analyst' });
  server = await startServer({ db: t.handle.db, store: ingested.store, onDocumentReviewed: (id) => void reviewed.push(id) });
  [hcm, hcm2, tayNinh, analyst] = await Promise.all([
    loggedIn(server.url, 'rev.hcm', PASSWORD),
    loggedIn(server.url, 'rev.hcm2', PASSWORD),
    loggedIn(server.url, 'rev.tn', PASSWORD),
    loggedIn(server.url, 'analyst', PASSWORD),
  ]);
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  await t?.drop();
});

const db = () => t.handle.db;
const { documentId, valueId, storedValue, decisionsOf } = fixtureQueries(db);

/** The values the pipeline flagged in the current run of each file, with their reasons. */
async function flaggedIn(...files: string[]) {
  const rows = await db()
    .select({ id: extractedValues.id, indicator: extractedValues.indicatorId, reasons: extractedValues.reasons, file: documents.originalName })
    .from(extractedValues)
    .innerJoin(extractionRuns, eq(extractedValues.runId, extractionRuns.id))
    .innerJoin(documents, eq(extractionRuns.documentId, documents.id))
    .where(and(eq(extractionRuns.isCurrent, true), eq(extractedValues.status, 'flagged')));
  return rows.filter((r) => files.includes(r.file));
}
const groupOf = (indicator: string) => indicators().find((i) => i.id === indicator)!.group;

const publishedFor = async (indicator: string) =>
  db()
    .select()
    .from(publishedValues)
    .where(and(eq(publishedValues.provinceCode, '79'), eq(publishedValues.periodKey, '2024-9M'), eq(publishedValues.indicatorId, indicator)));

interface Detail {
  id: number;
  version: { status: string; lastDecisionId: number | null };
  [key: string]: unknown;
}

async function detail(session: Session, id: number): Promise<Detail> {
  const response = await session.client.request(`/api/review/values/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Detail;
}

/** Loads the value (as the page does) and sends a decision with the version it saw. */
async function decide(
  session: Session,
  id: number,
  action: 'approve' | 'correct' | 'reject',
  extra: { value?: string; comment?: string } = {},
): Promise<Response> {
  const { version } = await detail(session, id);
  return session.client.api(`/api/review/values/${id}/decision`, { action, ...extra, expected: version }, session.csrf);
}

interface Queue {
  items: { id: number; provinceCode: string; documentId: number; indicator: string; flaggedAt: string }[];
  total: number;
}

async function queue(session: Session, query = ''): Promise<Queue> {
  const response = await session.client.request(`/api/review/queue${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Queue;
}

describe('the queue', () => {
  it('shows a reviewer the flagged values of their provinces only, oldest extraction first; an analyst sees all', async () => {
    const hcmFlagged = await flaggedIn(PDF, DOCX);
    expect(hcmFlagged.filter((v) => v.reasons.includes('parts_exceed_total'))).toHaveLength(8);
    const mine = await queue(hcm);
    expect(mine.total).toBe(hcmFlagged.length);
    expect(new Set(mine.items.map((i) => i.id))).toEqual(new Set(hcmFlagged.map((v) => v.id)));
    expect(new Set(mine.items.map((i) => i.provinceCode))).toEqual(new Set(['79']));
    expect(new Set(mine.items.map((i) => i.documentId))).toEqual(new Set([await documentId(PDF), await documentId(DOCX)]));
    const times = mine.items.map((i) => Date.parse(i.flaggedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const tnFlagged = await flaggedIn('tayninh-2025-h1.pdf');
    const theirs = await queue(tayNinh);
    expect(new Set(theirs.items.map((i) => i.provinceCode))).toEqual(new Set(tnFlagged.length ? ['80'] : []));
    expect(theirs.total).toBe(tnFlagged.length);
    expect((await queue(analyst)).total).toBe(hcmFlagged.length + tnFlagged.length);
  });

  it('filters by reason, group and period; a reviewer asking for another province is refused', async () => {
    const flagged = await flaggedIn(PDF, DOCX);
    const inGroup = (group: string) => flagged.filter((v) => groupOf(v.indicator) === group).length;
    expect(inGroup('nhiem_vu')).toBeGreaterThanOrEqual(8);
    expect((await queue(hcm, '?reason=parts_exceed_total')).total).toBe(8);
    expect((await queue(hcm, '?reason=conflicting_candidates')).total).toBe(0);
    expect((await queue(hcm, '?group=nhiem_vu&period=2024-9M')).total).toBe(inGroup('nhiem_vu'));
    expect((await queue(hcm, '?group=nhiem_vu&period=2025-H1')).total).toBe(0);
    expect((await queue(hcm, '?group=tai_chinh')).total).toBe(inGroup('tai_chinh'));
    expect((await queue(hcm, '?province=&period=')).total).toBe(flagged.length); // a form left blank
    const other = await tayNinh.client.request('/api/review/queue?province=79');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'out_of_scope' });
    expect((await hcm.client.request('/api/review/queue?province=7x')).status).toBe(400);
  });

  it('the review page lists the queue and opens the oldest value, its evidence highlighted and every value escaped', async () => {
    const first = (await queue(hcm)).items[0]!;
    const response = await hcm.client.request('/review');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain(`<li data-id="${first.id}" aria-current="true">`);
    expect(page).toMatch(/<mark>[^<]*KH&amp;CN[^<]*<\/mark>/);
    expect(page).not.toMatch(/KH&CN/);
    expect(page).toContain('<meta name="csrf-token"');
    // Only reviewers are shown the keys that decide.
    expect(page).toContain('<kbd>a</kbd> duyệt');
    const read = await (await analyst.client.request('/review')).text();
    expect(read).toContain('<kbd>j</kbd>/<kbd>k</kbd> di chuyển');
    expect(read).not.toContain('<kbd>a</kbd>');
    expect(read).not.toContain('id="decide"');
  });

  it('an empty queue says so in the detail pane, and why: nothing in the provinces, or nothing matching the filters', async () => {
    // The Tây Ninh reviewer decides what is left in their queue first.
    for (const v of await flaggedIn('tayninh-2025-h1.pdf')) expect((await decide(tayNinh, v.id, 'approve')).status).toBe(200);
    await expect.poll(() => reviewed).toEqual([await documentId('tayninh-2025-h1.pdf')]);
    const empty = await (await tayNinh.client.request('/review')).text();
    expect(empty).toContain('Không còn giá trị nào chờ duyệt ở đây.');
    expect(empty).toContain('Không còn gì chờ duyệt ở các tỉnh của bạn (80 Tây Ninh).');
    expect(empty).not.toContain('Chọn một giá trị');
    const filtered = await (await hcm.client.request('/review?reason=conflicting_candidates')).text();
    expect(filtered).toContain('Không có giá trị chờ duyệt nào khớp bộ lọc này.');
  });
});

describe('one value', () => {
  it('has the indicator, the proposed value and unit, reasons, the evidence in its paragraph, page, document and page image', async () => {
    const id = await valueId(PDF, 'NV10');
    const d = (await detail(hcm, id)) as Detail & {
      indicator: { id: string; unit: string };
      value: string;
      unit: string;
      reasons: string[];
      evidence: string;
      context: { text: string; start: number; end: number; source: string; page: number };
      page: number;
      document: { id: number; mediaType: string };
      pageImage: string;
    };
    expect(d).toMatchObject({
      indicator: { id: 'NV10', unit: 'nhiệm vụ' },
      value: '69',
      unit: 'nhiệm vụ',
      reasons: ['parts_exceed_total'],
      version: { status: 'flagged', lastDecisionId: null },
    });
    expect(d.document).toMatchObject({ id: await documentId(PDF), mediaType: 'application/pdf' });
    expect(d.context.source).toBe('document');
    expect(d.context.text.slice(d.context.start, d.context.end)).toBe(d.evidence);
    expect(d.context.page).toBe(d.page);
    expect(d.pageImage).toBe(`/documents/${d.document.id}/pages/${d.page}.png`);

    const image = await hcm.client.request(d.pageImage);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await hcm.client.request(`/documents/${d.document.id}/pages/99.png`)).status).toBe(404);
  });

  it('a DOCX value has its paragraph but no page image, and says why', async () => {
    const d = (await detail(hcm, await valueId(DOCX, 'NV10'))) as Detail & { pageImage: string | null; context: { source: string }; document: { id: number } };
    expect(d.pageImage).toBeNull();
    expect(d.context.source).toBe('document');
    const image = await hcm.client.request(`/documents/${d.document.id}/pages/1.png`);
    expect(image.status).toBe(404);
    expect(await image.json()).toMatchObject({ error: 'no_page_image', message: expect.stringMatching(/DOCX/) });
  });

  it('a reviewer of another province cannot read or decide it, even calling the API directly', async () => {
    const id = await valueId(PDF, 'NV12');
    const before = await storedValue(id);
    expect((await tayNinh.client.request(`/api/review/values/${id}`)).status).toBe(403);
    expect((await tayNinh.client.request(`/review/values/${id}/pane`)).status).toBe(403);
    expect((await tayNinh.client.request(`/documents/${await documentId(PDF)}/pages/1.png`)).status).toBe(403);
    const decision = await tayNinh.client.api(
      `/api/review/values/${id}/decision`,
      { action: 'approve', expected: { status: 'flagged', lastDecisionId: null } },
      tayNinh.csrf,
    );
    expect(decision.status).toBe(403);
    expect(await decision.json()).toMatchObject({ error: 'out_of_scope' });
    expect(await storedValue(id)).toEqual(before);
    expect(await decisionsOf(id)).toEqual([]);
    expect((await tayNinh.client.request('/api/review/values/999999')).status).toBe(404);
  });
});

describe('decisions', () => {
  it('approve: the value is approved and published with the decision, in the queue no more', async () => {
    const id = await valueId(DOCX, 'NV10');
    const response = await decide(hcm, id, 'approve', { comment: 'khớp với phụ lục' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; decision: { id: number }; published: unknown };
    expect(body).toMatchObject({ status: 'approved', published: { provinceCode: '79', periodKey: '2024-9M', indicatorId: 'NV10', value: '69' } });
    expect((await storedValue(id)).status).toBe('approved');
    const [decision] = await decisionsOf(id);
    expect(decision).toMatchObject({
      id: body.decision.id,
      reviewer: 'rev.hcm',
      action: 'approve',
      oldValue: '69',
      newValue: '69',
      comment: 'khớp với phụ lục',
    });
    expect(await publishedFor('NV10')).toEqual([expect.objectContaining({ value: '69', valueId: id, decisionId: body.decision.id })]);
    expect((await queue(hcm)).items.map((i) => i.id)).not.toContain(id);
  });

  it('correct: the number is read the Vietnamese way ("1.204" is 1204) and replaces, on record, what another document published', async () => {
    const docxNv01 = await valueId(DOCX, 'NV01');
    expect((await decide(hcm, docxNv01, 'approve')).status).toBe(200);
    expect(await publishedFor('NV01')).toEqual([expect.objectContaining({ value: '228', valueId: docxNv01 })]);

    const pdfNv01 = await valueId(PDF, 'NV01');
    const response = await decide(hcm2, pdfNv01, 'correct', { value: ' 1.204 ', comment: 'bảng phụ lục ghi 1.204' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'corrected', published: { value: '1204' } });
    expect((await storedValue(pdfNv01)).status).toBe('corrected');
    expect((await storedValue(pdfNv01)).value).toBe('228'); // the extraction itself is never changed
    const [decision] = await decisionsOf(pdfNv01);
    expect(decision).toMatchObject({
      action: 'correct',
      reviewer: 'rev.hcm2',
      oldValue: '228',
      newValue: '1204',
      displacedValueId: docxNv01,
      displacedValue: '228',
    });
    expect(await publishedFor('NV01')).toEqual([expect.objectContaining({ value: '1204', valueId: pdfNv01, decisionId: decision!.id })]);
  });

  it('a value the indicator cannot take is refused with 400 and changes nothing', async () => {
    const id = await valueId(DOCX, 'NV11');
    for (const value of ['12,5', 'abc', '-3', '', '14,2 tỷ']) {
      const response = await decide(hcm, id, 'correct', { value });
      expect(response.status, value).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'bad_value' });
    }
    expect((await storedValue(id)).status).toBe('flagged');
    expect(await decisionsOf(id)).toEqual([]);
    expect(await publishedFor('NV11')).toEqual([]);
  });

  it('reject withdraws what this value published, and only that; decisions stay append-only', async () => {
    const docxNv10 = await valueId(DOCX, 'NV10'); // approved and published above
    expect((await decide(hcm, docxNv10, 'reject', { comment: 'đọc nhầm cột' })).status).toBe(200);
    expect((await storedValue(docxNv10)).status).toBe('rejected');
    expect(await publishedFor('NV10')).toEqual([]);

    const pdfNv10 = await valueId(PDF, 'NV10');
    expect((await decide(hcm, pdfNv10, 'approve')).status).toBe(200);
    expect((await decide(hcm, docxNv10, 'reject', { comment: 'vẫn sai' })).status).toBe(200);
    expect(await publishedFor('NV10')).toEqual([expect.objectContaining({ valueId: pdfNv10 })]);

    expect((await decisionsOf(docxNv10)).map((d) => d.action)).toEqual(['approve', 'reject', 'reject']);
    await expect(db().execute(sql`update review_decisions set action = 'approve' where value_id = ${docxNv10}`)).rejects.toThrow();
    await expect(db().execute(sql`delete from review_decisions where value_id = ${docxNv10}`)).rejects.toThrow();
    expect(await decisionsOf(docxNv10)).toHaveLength(3);
  });

  it('the decision, the status and the publication are one transaction: when publishing fails, nothing is recorded', async () => {
    const id = await valueId(DOCX, 'NV12');
    await db().execute(
      sql.raw(`create function refuse_publish() returns trigger language plpgsql as $$ begin raise exception 'publication refused for the test'; end $$`),
    );
    await db().execute(
      sql.raw(
        `create trigger refuse_publish before insert or update on published_values for each row when (new.value_id = ${id}) execute function refuse_publish()`,
      ),
    );
    try {
      const response = await decide(hcm, id, 'approve');
      expect(response.status).toBe(500);
    } finally {
      await db().execute(sql.raw('drop trigger refuse_publish on published_values; drop function refuse_publish()'));
    }
    expect((await storedValue(id)).status).toBe('flagged');
    expect(await decisionsOf(id)).toEqual([]);
    expect(await publishedFor('NV12')).toEqual([]);
    expect(reviewed).not.toContain(await documentId(DOCX));

    expect((await decide(hcm, id, 'approve')).status).toBe(200);
    expect(await publishedFor('NV12')).toEqual([expect.objectContaining({ valueId: id, value: '156' })]);
  });

  it('two reviewers deciding one value at once: exactly one 200 and one 409, one decision recorded', async () => {
    const id = await valueId(DOCX, 'NV11');
    const [a, b] = await Promise.all([detail(hcm, id), detail(hcm2, id)]);
    expect(a.version).toEqual(b.version);
    const responses = await Promise.all([
      hcm.client.api(`/api/review/values/${id}/decision`, { action: 'approve', expected: a.version }, hcm.csrf),
      hcm2.client.api(`/api/review/values/${id}/decision`, { action: 'correct', value: '7', expected: b.version }, hcm2.csrf),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = responses.find((r) => r.status === 409)!;
    const conflict = (await loser.json()) as { error: string; reason: string; message: string; current: { lastDecision: { reviewer: string } } };
    const decisions = await decisionsOf(id);
    expect(decisions).toHaveLength(1);
    const winner = decisions[0]!;
    expect(conflict).toMatchObject({ error: 'conflict', reason: 'decided', current: { lastDecision: { reviewer: winner.reviewer } } });
    // Worded and timed as the history words it: Vietnam's time, not the server's ISO string.
    // Vietnam is UTC+7 all year (no daylight saving): shift and read the UTC fields.
    const vn = new Date(winner.decidedAt.getTime() + 7 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const time = `${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())} ${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
    expect(conflict.message).toBe(`${winner.reviewer} ${winner.action === 'approve' ? 'đã duyệt' : 'đã sửa thành 7'} trước, lúc ${time}`);
    expect(await publishedFor('NV11')).toEqual([expect.objectContaining({ value: winner.action === 'approve' ? '5' : '7', decisionId: winner.id })]);

    // The loser's stale version stays refused; reloading gives the version to decide again.
    const stale = await hcm.client.api(`/api/review/values/${id}/decision`, { action: 'reject', expected: a.version }, hcm.csrf);
    expect(stale.status).toBe(409);
    expect(await decisionsOf(id)).toHaveLength(1);
  });

  it('when a document has no flagged value left, onDocumentReviewed is told once', async () => {
    const docx = await documentId(DOCX);
    const tayNinhDoc = await documentId('tayninh-2025-h1.pdf');
    // Tây Ninh's queue was emptied above; the DOCX still has the values no test decided.
    expect(reviewed).toEqual([tayNinhDoc]);
    const left = await flaggedIn(DOCX);
    for (const [i, v] of left.entries()) {
      if (i === left.length - 1) await new Promise((r) => setTimeout(r, 100));
      if (i === left.length - 1) expect(reviewed).not.toContain(docx); // not before the last one
      expect((await decide(hcm, v.id, 'approve')).status).toBe(200);
    }
    await expect.poll(() => reviewed).toEqual([tayNinhDoc, docx]);
    // A later change of mind on a decided value does not announce it again.
    expect((await decide(hcm, await valueId(DOCX, 'NV12'), 'correct', { value: '156' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(reviewed).toEqual([tayNinhDoc, docx]);
  });

  it('a value of an extraction that a re-run replaced cannot be decided (409), and decided publications survive the re-run', async () => {
    const old = await valueId(PDF, 'NV12');
    const { version } = await detail(hcm, old);
    const outcome = await processReport(activities, { documentId: await documentId(PDF), trigger: 'rerun' });
    expect(outcome.status).toBe('extracted');
    const response = await hcm.client.api(`/api/review/values/${old}/decision`, { action: 'approve', expected: version }, hcm.csrf);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'conflict', reason: 'superseded' });
    expect(await decisionsOf(old)).toEqual([]);

    const fresh = await valueId(PDF, 'NV12');
    expect(fresh).not.toBe(old);
    const ids = (await queue(hcm)).items.map((i) => i.id);
    expect(ids).toContain(fresh);
    expect(ids).not.toContain(old);
    expect(await publishedFor('NV01')).toEqual([expect.objectContaining({ value: '1204' })]);
  });
});
