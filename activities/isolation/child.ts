// A process that reads documents for a pool (pool.ts): it takes one task at a time from its
// parent, answers with the result or the error, and reports progress. Its parent watches its
// memory and its time and kills it when a document runs away; nothing here needs to defend
// itself. It ends when its parent goes.
import { createOcrEngine, type OcrEngine } from '../../extractors/parse/ocr/index.ts';
import type { ChildConfig, FromChild, ToChild, WireError } from './protocol.ts';
import { TASKS, type TaskContext, type TaskName } from './tasks.ts';

class Cancelled extends Error {
  override readonly name = 'Cancelled';
}

const config = JSON.parse(process.env.BAOCAO_CHILD_CONFIG ?? '{"ocr":null}') as ChildConfig;
let engine: Promise<OcrEngine> | null = null;
const ocr = config.ocr
  ? () =>
      (engine ??= createOcrEngine({
        languages: config.ocr!.languages,
        pageTimeoutMs: config.ocr!.pageTimeoutMs,
        ...(config.ocr!.workers > 0 ? { workers: config.ocr!.workers } : {}),
      }))
  : null;

const cancelled = new Set<number>();

function send(message: FromChild): void {
  process.send?.(message);
}

function wire(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

async function run(id: number, task: TaskName, input: unknown): Promise<void> {
  const ctx: TaskContext = {
    progress(details) {
      send({ type: 'progress', id, progress: details });
      if (cancelled.has(id)) throw new Cancelled('cancelled by the parent');
    },
    ocr,
  };
  try {
    const result = await (TASKS[task] as (input: unknown, ctx: TaskContext) => Promise<unknown>)(input, ctx);
    send({ type: 'done', id, result });
  } catch (error) {
    send({ type: 'failed', id, error: wire(error) });
  } finally {
    cancelled.delete(id);
  }
}

process.on('message', (message: ToChild) => {
  if (message.type === 'cancel') cancelled.add(message.id);
  else if (message.type === 'run') void run(message.id, message.task as TaskName, message.input);
});

// The parent went away (it ended, or was killed): so does this process, and its OCR threads.
process.on('disconnect', () => {
  void (async () => {
    await (await engine?.catch(() => null))?.close().catch(() => {});
    process.exit(0);
  })();
});

send({ type: 'ready' });
