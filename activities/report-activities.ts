// The steps of one report: parse, classify, extract, verify, store, and recording failure.
import { eq } from 'drizzle-orm';
import { getDocument, markDocumentFailed, markDocumentParsed, markDocumentSetAside, saveClassification } from '../db/documents.ts';
import { isExtracted } from '../extractors/analyse.ts';
import { storeExtraction } from '../db/extraction.ts';
import { databaseLedger } from '../db/llm-cache.ts';
import { sources } from '../db/schema.ts';
import { classifyDocument } from '../extractors/classify.ts';
import { extractWithLlm, noticeRulesOnly } from '../extractors/llm/index.ts';
import { assertParseableSize, DocumentError, parseDocument } from '../extractors/parse/index.ts';
import { RULES_VERSION } from '../extractors/rules/index.ts';
import { modelFocus } from '../extractors/analyse.ts';
import { chooseCandidates, scoredCandidates } from '../extractors/mentions/index.ts';
import { readDocument } from '../extractors/reading.ts';
import type { Classification, ParsedDocument, Period } from '../extractors/types.ts';
import { DEFAULT_VERIFY_OPTIONS, verifyCandidates } from '../extractors/verify/index.ts';
import type { ReportActivities } from './contract.ts';
import { RULES_ONLY_USAGE } from './usage.ts';
import type { ActivityDeps } from './deps.ts';
import { parsedKey } from './document-store.ts';
import { DEFAULT_DOCUMENT_TIMEOUT_MS, DocumentTimeoutError, documentDeadlines } from './deadline.ts';

export function reportActivities(deps: ActivityDeps): ReportActivities {
  const { db, store, logger } = deps;
  const verifyOptions = deps.verify ?? DEFAULT_VERIFY_OPTIONS;
  const deadlines = documentDeadlines(deps.limits.documentTimeoutMs ?? DEFAULT_DOCUMENT_TIMEOUT_MS);
  // Parsed documents are reused by the steps after parsing; a few stay in memory so one
  // report is not read back from the store at every step.
  const recent = new Map<number, ParsedDocument>();
  const remember = (id: number, doc: ParsedDocument) => {
    recent.set(id, doc);
    if (recent.size > 8) recent.delete(recent.keys().next().value!);
  };
  const loadParsed = async (documentId: number): Promise<ParsedDocument> => {
    const cached = recent.get(documentId);
    if (cached) return cached;
    const document = await getDocument(db, documentId);
    const doc = JSON.parse(new TextDecoder().decode(await store.get(parsedKey(document.sha256)))) as ParsedDocument;
    remember(documentId, doc);
    return doc;
  };

  return {
    async parseDocument({ documentId }) {
      const document = await getDocument(db, documentId);
      const deadline = deadlines.start(documentId);
      try {
        assertParseableSize(document.bytes, deps.limits.maxFileBytes);
        const { maxPages, maxUnpackedBytes } = deps.limits;
        const parsed = await parseDocument(await store.get(document.storageKey), {
          maxBytes: deps.limits.maxFileBytes,
          ...(maxPages !== undefined ? { maxPages } : {}),
          ...(maxUnpackedBytes !== undefined ? { maxUnpackedBytes } : {}),
          onPage: (page, pages) => {
            deps.heartbeat?.({ documentId, page, pages });
            deadline.checkPage(page, pages);
          },
          ...(deps.ocr ? { ocr: deps.ocr } : {}),
        });
        await store.put(parsedKey(document.sha256), new TextEncoder().encode(JSON.stringify(parsed)));
        remember(documentId, parsed);
        await markDocumentParsed(db, documentId, parsed.pages.length, parsed.mediaType);
        const blocks = parsed.pages.reduce((n, p) => n + p.blocks.length, 0);
        return { ok: true, mediaType: parsed.mediaType, pages: parsed.pages.length, blocks, warnings: parsed.warnings };
      } catch (error) {
        if (error instanceof DocumentError) return { ok: false, code: error.code, reason: error.message };
        if (error instanceof DocumentTimeoutError) {
          deadlines.end(documentId);
          return { ok: false, code: 'timeout', reason: error.message };
        }
        throw error;
      }
    },

    async classifyDocument({ documentId }) {
      let classification: Classification = classifyDocument(await loadParsed(documentId));
      const document = await getDocument(db, documentId);
      if (!classification.provinceCode) {
        // A report that names no province belongs to the province of the source it came from.
        const [source] = document.sourceId ? await db.select().from(sources).where(eq(sources.id, document.sourceId)) : [];
        if (source?.provinceCode) classification = { ...classification, provinceCode: source.provinceCode, provinceEvidence: `source ${source.name}` };
      }
      if (document.extractionForced) classification = { ...classification, forced: true };
      await saveClassification(db, documentId, classification);
      // Letters, notices, reports on other subjects: recorded with their type and reason, not extracted.
      if (!isExtracted(classification, classification.forced)) {
        deadlines.end(documentId);
        await markDocumentSetAside(db, documentId);
      }
      return classification;
    },

    async extractCandidates({ documentId }) {
      const parsed = await loadParsed(documentId);
      // The classification stored by classifyDocument: figures of other years and units are told apart.
      const classified = await getDocument(db, documentId);
      const period: Period | null =
        classified.periodKind && classified.periodStart && classified.periodEnd
          ? { kind: classified.periodKind, start: classified.periodStart, end: classified.periodEnd, label: classified.periodLabel ?? '', key: classified.periodKey ?? '' }
          : null;
      const reading = readDocument(parsed, { period, province: classified.provinceCode });
      const scored = scoredCandidates(reading);
      const rules = chooseCandidates(scored);
      if (!deps.llm) {
        // Rules take milliseconds: nothing to stop, the document is done with its clock.
        deadlines.end(documentId);
        noticeRulesOnly(logger);
        return { candidates: rules, usage: RULES_ONLY_USAGE };
      }
      // The model's answers are cached and its attempts capped in llm_cache, keyed by the
      // document's bytes: a retried or re-run activity asks again only what is unanswered.
      const document = await getDocument(db, documentId);
      const deadline = deadlines.continue(documentId);
      const stop = deadline.signal('during model extraction');
      let llm: Awaited<ReturnType<typeof extractWithLlm>>;
      try {
        llm = await extractWithLlm(parsed, {
          client: deps.llm,
          ledger: databaseLedger(db),
          documentSha256: document.sha256,
          logger,
          signal: stop.signal,
          // The model is asked only what the rules could not settle (unless llm.ask is 'all').
          ...(deps.llm.settings.ask === 'all' ? {} : { focus: modelFocus(reading, scored) }),
          onGroupDone: (group) => deps.heartbeat?.({ documentId, group }),
          // Also before each request and retry, so that a heartbeat timeout of about twice
          // llm.timeoutMs notices a dead worker however long a group takes.
          onRequest: (group) => deps.heartbeat?.({ documentId, group, request: true }),
        });
      } finally {
        stop.dispose();
        deadlines.end(documentId);
      }
      const failed = llm.groups.filter((g) => g.source === 'failed');
      logger.info({ documentId, ...llm.usage, failedGroups: failed.map((g) => `${g.group}: ${g.error?.kind}`) }, 'model extraction done');
      return { candidates: [...rules, ...llm.candidates], usage: llm.usage };
    },

    async verifyValues({ documentId, candidates }) {
      return verifyCandidates(candidates, await loadParsed(documentId), verifyOptions);
    },

    async storeValues({ documentId, trigger, values, usage, startedAt }) {
      const model = usage.model !== null;
      return storeExtraction(db, {
        documentId,
        trigger,
        values,
        usage,
        rulesVersion: RULES_VERSION,
        config: {
          extractors: model ? ['rules', 'llm'] : ['rules'],
          verify: verifyOptions,
          // Requests sent and answers taken from the cache: extraction_runs has columns for
          // the model, versions, tokens and cost; these two live in its config.
          // Groups a token budget kept from the model are said here, with the budget and what was spent.
          ...(model
            ? {
                llm: {
                  model: usage.model,
                  promptVersion: usage.promptVersion,
                  schemaVersion: usage.schemaVersion,
                  requests: usage.requests,
                  cacheHits: usage.cacheHits,
                  ...(usage.notAsked?.length ? { notAsked: usage.notAsked } : {}),
                },
              }
            : {}),
        },
        startedAt: new Date(startedAt),
        // Only a re-run processes a document that is already extracted (the others start on
        // unfinished ones): for them, an extracted document was finished by a run that
        // overlapped this one, or by an earlier attempt of this store, and is not stored twice.
        unlessExtracted: trigger !== 'rerun',
        ...(verifyOptions.historyJumpFactor ? { historyJumpFactor: verifyOptions.historyJumpFactor } : {}),
      });
    },

    async recordFailure({ documentId, reason, retryable }) {
      logger.warn({ documentId, reason, retryable }, 'document failed');
      await markDocumentFailed(db, documentId, reason, !retryable);
    },
  };
}
