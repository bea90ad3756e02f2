// Token budgets: before each request, what the document has spent (every group, prompt and
// model, as llm_cache records it) and what tonight has spent (every document, since midnight in
// the night's time zone) are read from the ledger; a request that could take either past its
// budget is not sent. The ledger is shared by every worker, so the budgets hold across runs and
// machines; what this process has in flight is added, so that concurrent groups of one report
// cannot each see the same headroom. Requests in flight on other workers are not seen: the
// budget can be passed by at most those.
import type { LlmLedger } from './ledger.ts';

export interface BudgetSettings {
  /** Tokens one document may spend, over all its runs; absent: no limit. */
  maxTokensPerDocument?: number;
  /** Tokens all documents may spend between two midnights; absent: no limit. */
  maxTokensPerNight?: number;
  /** Where midnight is for maxTokensPerNight. Default Asia/Ho_Chi_Minh. */
  budgetTimeZone?: string;
}

export const DEFAULT_BUDGET_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A request's tokens held against the budgets while it is in flight. */
export interface BudgetHold {
  release(): void;
}

export type BudgetDecision = { ok: true; hold: BudgetHold } | { ok: false; reason: string };

/** The UTC offset of `timeZone` at `at`, in milliseconds (positive east of Greenwich). */
function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant of the last midnight before `now` in `timeZone`. */
export function startOfDay(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + offsetAt(now.getTime(), timeZone));
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight, not now: they differ on a day the clocks change.
  return new Date(midnight - offsetAt(midnight - offsetAt(now.getTime(), timeZone), timeZone));
}

const count = (n: number) => n.toLocaleString('en-US');

export class TokenBudget {
  private readonly inFlight = new Map<string, number>();
  private inFlightTotal = 0;

  constructor(
    private readonly settings: BudgetSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get limited(): boolean {
    return this.settings.maxTokensPerDocument !== undefined || this.settings.maxTokensPerNight !== undefined;
  }

  /** Holds `estimate` tokens for one request of the document, or says which budget it could pass. */
  async reserve(ledger: LlmLedger, documentSha256: string, estimate: number): Promise<BudgetDecision> {
    if (!this.limited) return { ok: true, hold: { release: () => {} } };
    const { maxTokensPerDocument: perDocument, maxTokensPerNight: perNight } = this.settings;
    const timeZone = this.settings.budgetTimeZone ?? DEFAULT_BUDGET_TIME_ZONE;
    const spent = await ledger.spentTokens(documentSha256, startOfDay(this.now(), timeZone));
    // Read after the await: what other groups of this process put in flight meanwhile counts.
    const document = spent.document + (this.inFlight.get(documentSha256) ?? 0);
    const night = spent.since + this.inFlightTotal;
    const request = `this request may take up to ${count(estimate)}; the model was not asked, the group's values come from the rules`;
    if (perDocument !== undefined && document + estimate > perDocument) {
      return {
        ok: false,
        reason: `the document's token budget (llm.maxTokensPerDocument = ${count(perDocument)}) would be passed: ${count(document)} tokens spent on it so far, ${request}`,
      };
    }
    if (perNight !== undefined && night + estimate > perNight) {
      return {
        ok: false,
        reason: `tonight's token budget (llm.maxTokensPerNight = ${count(perNight)}) would be passed: ${count(night)} tokens spent since midnight ${timeZone}, ${request}`,
      };
    }
    this.inFlight.set(documentSha256, (this.inFlight.get(documentSha256) ?? 0) + estimate);
    this.inFlightTotal += estimate;
    let released = false;
    return {
      ok: true,
      hold: {
        release: () => {
          if (released) return;
          released = true;
          const left = (this.inFlight.get(documentSha256) ?? 0) - estimate;
          if (left > 0) this.inFlight.set(documentSha256, left);
          else this.inFlight.delete(documentSha256);
          this.inFlightTotal -= estimate;
        },
      },
    };
  }
}
