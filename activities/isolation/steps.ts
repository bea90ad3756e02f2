// The steps of one document (extractors/steps.ts) run in the pool's processes: parse (with OCR),
// classify, the rules, verify. What the pool reports when it stops a process becomes the error the
// pipeline records: a document that used too much memory, outlived its time or killed its
// process twice (once may be bad luck: the step is tried again in a fresh process) fails with
// `resource_limit` and a sentence naming what it exceeded.
import { formatSize } from '../../shared/size.ts';
import type { DocumentSteps, ParseLimits, StepRun } from '../../extractors/steps.ts';
import { ResourceLimitError } from '../resource-limit.ts';
import { DocumentTimeoutError } from '../deadline.ts';
import { IsolationError, type IsolationPool, type TaskRun } from './pool.ts';
import type { TaskInput, TaskName, TaskResult } from './tasks.ts';

export interface IsolatedStepsOptions {
  /** OCR in the pool's processes reads at most this many pages of a document (ocr.maxPages); absent: no OCR. */
  ocrMaxPages?: number;
  /** The message of a document that ran out of time, saying where (the clock's error). */
  timeUp?: (where: string) => Error;
}

/**
 * A step stops itself between pages when its time is up (the message says after which page);
 * its process is killed this much later if it is still at it (a page that does not end).
 */
export const KILL_GRACE_MS = 2000;

const STEP_NAMES: Record<TaskName, string> = {
  parse: 'reading it',
  classify: 'classifying it',
  rules: 'extracting its values',
  verify: 'verifying its values',
  render: 'drawing a page',
};

function where(task: TaskName, progress: unknown): string {
  const p = progress as { page?: number; pages?: number } | null;
  return p?.page !== undefined && p.pages !== undefined ? `${STEP_NAMES[task]} (page ${p.page} of ${p.pages} done)` : STEP_NAMES[task];
}

/** What a stopped process means for the document. */
function limitError(error: IsolationError, task: TaskName, memoryBytes: number, timeUp: IsolatedStepsOptions['timeUp'], crashes: string[]): Error {
  const at = where(task, error.lastProgress);
  if (error.kind === 'time') {
    return timeUp?.(`while ${at}, and its process killed`) ?? new DocumentTimeoutError(`ran out of time while ${at}: the process was stopped; not tried again`);
  }
  if (error.kind === 'memory') {
    return new ResourceLimitError(
      `used more than ${formatSize(memoryBytes)} of memory while ${at} (limits.documentMemoryBytes): the process was stopped; not tried again (raise the limit and re-run the document)`,
    );
  }
  return new ResourceLimitError(
    `the process reading it died twice while ${at} (${crashes.join('; ')}): not tried again (re-run the document to try it once more)`,
  );
}

export function isolatedSteps(pool: IsolationPool, options: IsolatedStepsOptions = {}): DocumentSteps {
  async function run<T extends TaskName>(
    task: T,
    input: TaskInput<T> | (() => TaskInput<T>),
    step: StepRun | undefined,
    onProgress?: (p: unknown) => void,
  ): Promise<TaskResult<T>> {
    const crashes: string[] = [];
    const taskRun: TaskRun = {
      ...(step?.timeoutMs
        ? {
            timeoutMs: () => {
              const left = step.timeoutMs!();
              return left === null ? null : left + KILL_GRACE_MS;
            },
          }
        : {}),
      ...(step?.onStart ? { onStart: step.onStart } : {}),
      ...(onProgress ? { onProgress } : {}),
    };
    for (;;) {
      try {
        return await pool.run(task, input, taskRun);
      } catch (error) {
        if (!(error instanceof IsolationError)) throw error;
        crashes.push(error.message.replace(/^the document process was stopped: /, ''));
        // A process that died by itself may have died of something else: once more, in a fresh one.
        if (error.kind === 'crashed' && crashes.length < 2) continue;
        throw limitError(error, task, pool.memoryBytes, options.timeUp, crashes);
      }
    }
  }

  return {
    parse(bytes: Uint8Array, limits: ParseLimits, step?: StepRun) {
      const onPage = step?.onPage;
      return run(
        'parse',
        () => ({ bytes, limits, timeoutMs: step?.timeoutMs?.() ?? null, ...(options.ocrMaxPages !== undefined ? { ocrMaxPages: options.ocrMaxPages } : {}) }),
        step,
        onPage
          ? (p) => {
              const { page, pages } = p as { page: number; pages: number };
              onPage(page, pages);
            }
          : undefined,
      );
    },
    classify: (doc, step) => run('classify', { doc }, step),
    extractRules: (doc, rulesOptions, step) => run('rules', { doc, options: rulesOptions }, step),
    verify: (candidates, doc, verifyOptions, step) => run('verify', { candidates, doc, options: verifyOptions }, step),
    close: () => pool.close(),
  };
}
