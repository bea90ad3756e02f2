// Values in published_values the way ingestion puts them there: a registered, classified
// document and storeExtraction with every value auto-accepted. For tests of what reads
// published values (roll-ups, exports).
import { RULES_ONLY_USAGE } from '../../activities/usage.ts';
import type { Database } from '../../db/client.ts';
import { registerDocument, saveClassification } from '../../db/documents.ts';
import { storeExtraction, type StoredExtraction } from '../../db/extraction.ts';
import { indicatorById } from '../../extractors/catalogue.ts';
import { parsePeriod, periodFromKey } from '../../extractors/periods.ts';
import type { Period, Qualifier, ReportKind, VerifiedValue } from '../../extractors/types.ts';

export interface PublishOptions {
  kind?: ReportKind;
  qualifier?: Qualifier;
  /** Evidence of every value; `<indicator>: <value>` by default. */
  evidence?: string;
  /** The document's original name; `bao-cao-<province>-<key>.pdf` by default. */
  name?: string;
  /** Page of every value; 1 by default. */
  page?: number;
}

/**
 * Publishes one report of a province for a period (a period key, or an ISO date for a point
 * in time, "đến ngày ...") with the given values; resolves to the document's id.
 */
export type Publish = (province: string, key: string, values: Record<string, string>, options?: PublishOptions) => Promise<number>;

/** A period key, or an ISO date for a point in time ("đến ngày ..."). */
function periodOf(key: string, kind: ReportKind): Period {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  const period = date ? parsePeriod(`đến ngày ${Number(date[3])}/${Number(date[2])}/${date[1]}`, kind) : periodFromKey(key, kind);
  if (!period) throw new Error(`test setup: no period ${key}`);
  return period;
}

/** A report registered, classified and extracted with these values, as ingestion stores one. */
export async function storeReport(
  db: Database,
  input: { sha256: string; name: string; province: string; period: Period; kind: ReportKind; number: string; values: VerifiedValue[] },
): Promise<{ documentId: number; stored: StoredExtraction }> {
  const { document } = await registerDocument(db, {
    sha256: input.sha256,
    originalName: input.name,
    mediaType: 'application/pdf',
    bytes: 1000,
    storageKey: `files/${input.sha256}`,
  });
  await saveClassification(db, document.id, {
    provinceCode: input.province,
    provinceEvidence: null,
    period: input.period,
    reportKind: input.kind,
    number: input.number,
    issuedOn: null,
  });
  const stored = await storeExtraction(db, {
    documentId: document.id,
    trigger: 'ingest',
    rulesVersion: 'test',
    config: {},
    usage: RULES_ONLY_USAGE,
    startedAt: new Date(),
    values: input.values,
  });
  return { documentId: document.id, stored };
}

/**
 * A Publish into db. Its documents are numbered 1, 2, ... in call order (their sha256 and
 * `<n>/BC-SKHCN`), so a test can name the number of the report it published first.
 * `defaults` apply to every call, under its own options.
 */
export function valuePublisher(db: Database, defaults: PublishOptions = {}): Publish {
  let next = 0;
  return async (province, key, values, callOptions = {}) => {
    const options = { ...defaults, ...callOptions };
    next++;
    const sha256 = next.toString(16).padStart(64, '0');
    const reportKind = options.kind ?? 'periodic';
    const { documentId, stored } = await storeReport(db, {
      sha256,
      name: options.name ?? `bao-cao-${province}-${key}.pdf`,
      province,
      period: periodOf(key, reportKind),
      kind: reportKind,
      number: `${next}/BC-SKHCN`,
      values: Object.entries(values).map(([indicator, value]) => ({
        indicator,
        value,
        unit: indicatorById(indicator).unit,
        qualifier: options.qualifier ?? null,
        rawText: value,
        evidence: options.evidence ?? `${indicator}: ${value}`,
        page: options.page ?? 1,
        confidence: 0.9,
        extractor: 'rules' as const,
        status: 'auto_accepted' as const,
        reasons: [],
      })),
    });
    if (stored.published !== Object.keys(values).length) throw new Error(`test setup: ${province} ${key} published ${stored.published} values`);
    return documentId;
  };
}
