// The steps of one report: parse, classify, extract, verify, store, and recording failure.
import { eq } from 'drizzle-orm';
import { beginProcessing, getDocument, markDocumentFailed, markDocumentParsed, markDocumentSetAside, saveClassification } from '../db/documents.ts';
import { isExtracted } from '../extractors/analyse.ts';
import { storeExtraction } from '../db/extraction.ts';
import { databaseLedger } from '../db/llm-cache.ts';
import { sources, type ProvinceConflict } from '../db/schema.ts';
import { extractWithLlm, noticeRulesOnly } from '../extractors/llm/index.ts';
import { assertParseableSize, DocumentError } from '../extractors/parse/index.ts';
import { RULES_VERSION } from '../extractors/rules/index.ts';
import { inProcessSteps } from '../extractors/steps.ts';
import { withRulesSupport } from '../extractors/mentions/index.ts';
import { readDocument } from '../extractors/reading.ts';
import type { Classification, ParsedDocument, Period } from '../extractors/types.ts';
import { DEFAULT_VERIFY_OPTIONS } from '../extractors/verify/index.ts';
import type { ReportActivities } from './contract.ts';
import { RULES_ONLY_USAGE } from './usage.ts';
import type { ActivityDeps } from './deps.ts';
import { getParsed, parsedKey } from './document-store.ts';
import { messagesOf } from '../extractors/warnings.ts';
import { clockedRun, DEFAULT_DOCUMENT_TIMEOUT_MS, documentDeadlines } from './deadline.ts';
import { isResourceLimitError, nonRetryable, ResourceLimitError } from './resource-limit.ts';

/** Runs that started a document and never finished it before it is not started again: the second death is not bad luck. */
export const MAX_INTERRUPTED_RUNS = 2;

/** How often a step that runs in a document process heartbeats (the parse activity's heartbeat timeout is a minute). */
const WAITING_HEARTBEAT_MS = 20_000;

export function reportActivities(deps: ActivityDeps): ReportActivities {
  const { db, store, logger } = deps;
  const verifyOptions = deps.verify ?? DEFAULT_VERIFY_OPTIONS;
  const steps = deps.steps ?? inProcessSteps(deps.ocr);
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
    const doc = await getParsed(store, document.sha256);
    remember(documentId, doc);
    return doc;
  };

  const timed = clockedRun;

  /**
   * Heartbeats while a step runs elsewhere: a step that waits for a free document process, or
   * classifies a long report, must not be taken for a dead worker (pages heartbeat on their own).
   */
  const keepingAlive = async <T>(documentId: number, f: () => Promise<T>): Promise<T> => {
    const heartbeat = deps.heartbeat;
    if (!heartbeat) return f();
    const timer = setInterval(() => {
      try {
        heartbeat({ documentId, working: true });
      } catch {
        // Cancelled: the step stops at its next page (its heartbeat throws there).
      }
    }, WAITING_HEARTBEAT_MS);
    try {
      return await f();
    } finally {
      clearInterval(timer);
    }
  };

  /**
   * A resource limit (memory, time, a process killed twice) stops the document for good: Temporal
   * must not hand it to another worker, so the failure is non-retryable.
   */
  const finalFailure = (documentId: number, error: unknown): unknown => {
    if (!isResourceLimitError(error)) return error;
    deadlines.end(documentId);
    logger.warn({ documentId, reason: error.message }, 'document stopped at a resource limit');
    return nonRetryable(error);
  };

  return {
    async parseDocument({ documentId }) {
      const document = await getDocument(db, documentId);
      const clock = deadlines.start(documentId);
      // A document whose last runs never finished (their process died) is not started again.
      const interrupted = await beginProcessing(db, documentId);
      if (interrupted >= MAX_INTERRUPTED_RUNS) {
        const error = new ResourceLimitError(
          `${interrupted} runs started reading it and never finished (the process was killed, out of memory?): not tried again (re-run the document to try it once more)`,
        );
        return { ok: false, code: 'resource_limit', reason: error.message };
      }
      try {
        assertParseableSize(document.bytes, deps.limits.maxFileBytes);
        const { maxPages, maxUnpackedBytes, budgets } = deps.limits;
        const bytes = await store.get(document.storageKey);
        const parsed = await keepingAlive(documentId, () =>
          steps.parse(
            bytes,
            {
              maxBytes: deps.limits.maxFileBytes,
              ...(maxPages !== undefined ? { maxPages } : {}),
              ...(maxUnpackedBytes !== undefined ? { maxUnpackedBytes } : {}),
              ...(budgets ? { budgets } : {}),
            },
            timed(clock, (page, pages) => deps.heartbeat?.({ documentId, page, pages })),
          ),
        );
        await store.put(parsedKey(document.sha256), new TextEncoder().encode(JSON.stringify(parsed)));
        remember(documentId, parsed);
        await markDocumentParsed(db, documentId, parsed.pages.length, parsed.mediaType);
        const blocks = parsed.pages.reduce((n, p) => n + p.blocks.length, 0);
        return {
          ok: true,
          mediaType: parsed.mediaType,
          pages: parsed.pages.length,
          blocks,
          warnings: messagesOf(parsed.warnings),
          warningDetails: parsed.warnings,
        };
      } catch (error) {
        if (error instanceof DocumentError) return { ok: false, code: error.code, reason: error.message };
        // Bad input's kin: an answer about the document, recorded and never retried.
        if (isResourceLimitError(error)) {
          deadlines.end(documentId);
          return { ok: false, code: 'resource_limit', reason: error.message };
        }
        throw error;
      }
    },

    async classifyDocument({ documentId }) {
      const clock = deadlines.continue(documentId);
      let classification: Classification;
      try {
        const parsed = await loadParsed(documentId);
        classification = await keepingAlive(documentId, () => steps.classify(parsed, timed(clock)));
      } catch (error) {
        throw finalFailure(documentId, error);
      }
      const document = await getDocument(db, documentId);
      const [source] = document.sourceId ? await db.select().from(sources).where(eq(sources.id, document.sourceId)) : [];
      if (!classification.provinceCode && source?.provinceCode) {
        // A report that names no province belongs to the province of the source it came from.
        classification = { ...classification, provinceCode: source.provinceCode, provinceEvidence: `source ${source.name}` };
      }
      if (document.extractionForced) classification = { ...classification, forced: true };
      await saveClassification(db, documentId, classification, provinceConflict(classification, source ?? null));
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
          ? {
              kind: classified.periodKind,
              start: classified.periodStart,
              end: classified.periodEnd,
              label: classified.periodLabel ?? '',
              key: classified.periodKey ?? '',
            }
          : null;
      const clock = deadlines.continue(documentId);
      let rules;
      try {
        const focus = deps.llm !== undefined && deps.llm.settings.ask !== 'all';
        rules = await keepingAlive(documentId, () => steps.extractRules(parsed, { period, province: classified.provinceCode, focus }, timed(clock)));
      } catch (error) {
        throw finalFailure(documentId, error);
      }
      if (!deps.llm) {
        noticeRulesOnly(logger);
        return { candidates: rules.candidates, usage: RULES_ONLY_USAGE };
      }
      // The model's answers are cached and its attempts capped in llm_cache, keyed by the
      // document's bytes: a retried or re-run activity asks again only what is unanswered.
      const document = await getDocument(db, documentId);
      const stop = clock.signal('during model extraction');
      const running = clock.start();
      let llm: Awaited<ReturnType<typeof extractWithLlm>>;
      try {
        llm = await extractWithLlm(parsed, {
          client: deps.llm,
          ledger: databaseLedger(db),
          documentSha256: document.sha256,
          logger,
          signal: stop.signal,
          // The model is asked only what the rules could not settle (unless llm.ask is 'all').
          ...(rules.unsettled ? { focus: { reading: readDocument(parsed, { period, province: classified.provinceCode }), unsettled: rules.unsettled } } : {}),
          onGroupDone: (group) => deps.heartbeat?.({ documentId, group }),
          // Also before each request and retry, so that a heartbeat timeout of about twice
          // llm.timeoutMs notices a dead worker however long a group takes.
          onRequest: (group) => deps.heartbeat?.({ documentId, group, request: true }),
        });
      } catch (error) {
        throw finalFailure(documentId, error);
      } finally {
        running();
        stop.dispose();
      }
      const failed = llm.groups.filter((g) => g.source === 'failed');
      logger.info({ documentId, ...llm.usage, failedGroups: failed.map((g) => `${g.group}: ${g.error?.kind}`) }, 'model extraction done');
      return { candidates: [...rules.candidates, ...withRulesSupport(llm.candidates, rules.support ?? {})], usage: llm.usage };
    },

    async verifyValues({ documentId, candidates }) {
      const clock = deadlines.continue(documentId);
      try {
        const parsed = await loadParsed(documentId);
        return await keepingAlive(documentId, () => steps.verify(candidates, parsed, verifyOptions, timed(clock)));
      } catch (error) {
        throw finalFailure(documentId, error);
      } finally {
        // The last step that reads the document: its clock is done.
        deadlines.end(documentId);
      }
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

    async recordFailure({ documentId, reason, retryable, code }) {
      logger.warn({ documentId, reason, retryable, code }, 'document failed');
      deadlines.end(documentId);
      await markDocumentFailed(db, documentId, reason, !retryable, retryable ? null : (code ?? null));
    },
  };
}

/**
 * The provinces a report is also tied to, besides the one stored for it: a second province its
 * header names as the issuer, or the province of the source it came from when its content says
 * another. Null when they agree (or there is nothing to compare).
 */
export function provinceConflict(c: Classification, source: { name: string; provinceCode: string | null } | null): ProvinceConflict | null {
  if (c.otherProvinces && c.otherProvinces.length > 0) {
    return {
      kind: 'named',
      others: c.otherProvinces.map((p) => p.code),
      evidence: [c.provinceEvidence, ...c.otherProvinces.map((p) => p.evidence)].filter(Boolean).join(' / '),
    };
  }
  if (source?.provinceCode && c.provinceCode && c.provinceCode !== source.provinceCode) {
    return { kind: 'source', others: [source.provinceCode], evidence: `source ${source.name}` };
  }
  return null;
}
