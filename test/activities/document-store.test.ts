// Storing extraction runs and publishing values, against real Postgres.
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markDocumentFailed, registerDocument, saveClassification } from '../../db/documents.ts';
import { RULES_ONLY_USAGE } from '../../activities/usage.ts';
import { storeExtraction } from '../../db/extraction.ts';
import { documents, extractedValues, publishedValues } from '../../db/schema.ts';
import type { Classification, VerifiedValue } from '../../extractors/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const classification: Classification = {
  provinceCode: '80',
  provinceEvidence: 'TỈNH TÂY NINH',
  period: { kind: 'half', start: '2024-12-15', end: '2025-06-14', label: '6 tháng đầu năm 2025', key: '2025-H1' },
  reportKind: 'periodic',
  number: '215/BC-SKHCN',
  issuedOn: '2025-06-12',
};

let next = 0;
async function newDocument(): Promise<number> {
  next++;
  const { document } = await registerDocument(t.handle.db, {
    sha256: next.toString(16).padStart(64, '0'),
    originalName: `report-${next}.pdf`,
    mediaType: 'application/pdf',
    bytes: 1000,
    storageKey: `files/00/${next.toString(16).padStart(64, '0')}`,
  });
  await saveClassification(t.handle.db, document.id, classification);
  return document.id;
}

function value(indicator: string, v: string, status: VerifiedValue['status'] = 'auto_accepted'): VerifiedValue {
  return {
    indicator,
    value: v,
    unit: 'phương tiện',
    qualifier: null,
    rawText: v,
    evidence: `kiểm định ${v} phương tiện đo`,
    page: 1,
    confidence: 0.9,
    extractor: 'rules',
    status,
    reasons: status === 'flagged' ? ['low_confidence'] : [],
  };
}

async function published(indicator: string) {
  return t.handle.db.select().from(publishedValues).where(eq(publishedValues.indicatorId, indicator));
}

const store = (documentId: number, values: VerifiedValue[]) =>
  storeExtraction(t.handle.db, { documentId, trigger: 'ingest', rulesVersion: 'test', config: {}, values, usage: RULES_ONLY_USAGE, startedAt: new Date() });

describe('publishing values', () => {
  it('publishes accepted values once per province, period and indicator', async () => {
    const a = await newDocument();
    const run = await store(a, [value('TD01', '9215'), value('TD02', '842', 'flagged')]);
    expect(run).toMatchObject({ accepted: 1, flagged: 1, published: 1 });
    expect((await published('TD01')).map((p) => p.value)).toEqual(['9215']);
  });

  it('holds a different value from another document for review instead of overwriting', async () => {
    const b = await newDocument();
    const run = await store(b, [value('TD01', '9251')]);
    expect(run).toMatchObject({ accepted: 0, flagged: 1, published: 0 });
    const [stored] = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, run.runId));
    expect(stored).toMatchObject({ status: 'flagged', reasons: ['conflicts_with_published'] });
    expect((await published('TD01')).map((p) => p.value)).toEqual(['9215']);
  });

  it('accepts an equal value from another document (a DOCX and its PDF) and keeps the first provenance', async () => {
    const [before] = await published('TD01');
    const c = await newDocument();
    const run = await store(c, [value('TD01', '9215.0')]);
    expect(run).toMatchObject({ accepted: 1, published: 0 });
    expect(await published('TD01')).toEqual([before]);
  });

  it('a re-run that no longer accepts a value withdraws its publication', async () => {
    const d = await newDocument();
    await store(d, [value('BX02', '28')]);
    expect(await published('BX02')).toHaveLength(1);
    await store(d, [value('BX02', '28', 'flagged')]);
    expect(await published('BX02')).toHaveLength(0);
  });

  it('a re-run of the same document may change its own published value', async () => {
    const e = await newDocument();
    await store(e, [value('TT01', '6')]);
    await store(e, [value('TT01', '7')]);
    expect((await published('TT01')).map((p) => p.value)).toEqual(['7']);
  });

  it('publication of a province and period is serialised: a store waits while the slot is held, then flags the different number', async () => {
    const first = await newDocument();
    const second = await newDocument();
    await store(first, [value('TD05', '310')]);
    // Another session holds the slot (as a concurrent store or decision of 80/2025-H1 would).
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', ['baocao:publish:80:2025-H1']);
      let done = false;
      const pending = store(second, [value('TD05', '311')]).then((r) => ((done = true), r));
      await new Promise((r) => setTimeout(r, 400));
      expect(done).toBe(false);
      await other.query('commit');
      const run = await pending;
      expect(run).toMatchObject({ accepted: 0, flagged: 1, published: 0 });
    } finally {
      await other.end();
    }
    expect((await published('TD05')).map((p) => p.value)).toEqual(['310']);
  });

  it('two runs of one document stored at once both land, one of them current', async () => {
    const f = await newDocument();
    const runs = await Promise.all([store(f, [value('TT02', '74')]), store(f, [value('TT02', '74')])]);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(2);
  });
});

describe('recording failures', () => {
  const statusOf = async (id: number) => (await t.handle.db.select().from(documents).where(eq(documents.id, id)))[0]!;

  it('a final failure marks the document failed; a retryable one leaves it unfinished', async () => {
    const a = await newDocument();
    await markDocumentFailed(t.handle.db, a, 'store failed: connection reset', false);
    expect(await statusOf(a)).toMatchObject({ status: 'fetched', error: 'store failed: connection reset' });
    await markDocumentFailed(t.handle.db, a, 'PDF is password-protected', true);
    expect(await statusOf(a)).toMatchObject({ status: 'failed', error: 'PDF is password-protected' });
  });

  it('an extracted document keeps its status and current run when a later run fails', async () => {
    const b = await newDocument();
    await store(b, [value('TD03', '69')]);
    await markDocumentFailed(t.handle.db, b, 'parse failed: out of memory', true);
    expect(await statusOf(b)).toMatchObject({ status: 'extracted', error: 'parse failed: out of memory' });
  });
});
