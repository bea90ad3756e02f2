// Processes that read documents, so that a document that runs away with memory or time is
// stopped without losing the process that asked (a nightly worker, `baocao serve`).
//
// Each process (child.ts) runs one task at a time and is reused for the next (starting one and
// its OCR engine costs a second or two). The pool watches each busy process's resident memory
// (from /proc, every 100 ms) and kills it past `memoryBytes`; its JavaScript heap is also capped
// (--max-old-space-size), so a heap that fills up aborts it as well. A task given a time limit
// kills its process when it is outlived. A killed or crashed process is replaced on the next task.
// Its peak memory is kept, for the tests and the benchmark.
//
// Why processes rather than worker threads with resourceLimits: resourceLimits caps the
// JavaScript heap only, while decoding pictures and drawing pages allocates native memory
// (canvas, typed arrays) that no limit of a thread covers; a thread that takes too much takes its
// whole process down. A process can be killed alone.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DocumentTimeoutError } from '../deadline.ts';
import { DocumentError, type DocumentErrorCode } from '../../extractors/parse/errors.ts';
import { OcrError, type OcrErrorCode } from '../../extractors/parse/ocr/errors.ts';
import type { ChildConfig, FromChild, ToChild, WireError } from './protocol.ts';
import type { TaskInput, TaskName, TaskResult } from './tasks.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./child-entry.js', import.meta.url));
const MiB = 1024 * 1024;

export interface PoolOptions {
  /** Processes running tasks at once; further tasks wait for one to be free. */
  processes: number;
  /** Resident memory one process may use; past it the process is killed with its task. */
  memoryBytes: number;
  child: ChildConfig;
  /** A process is replaced after this many tasks (what a long life fragments). Default 100. */
  maxTasksPerProcess?: number;
  /** How often memory is looked at, ms. Default 100. */
  sampleMs?: number;
}

/** Why a task's process was stopped: its memory, its time, or it died by itself. */
export type IsolationFailure = 'memory' | 'time' | 'crashed';

export class IsolationError extends Error {
  override readonly name = 'IsolationError';
  constructor(
    readonly kind: IsolationFailure,
    message: string,
    /** The process's peak resident memory, bytes. */
    readonly peakRssBytes: number,
    /** The last progress the task reported. */
    readonly lastProgress: unknown,
  ) {
    super(message);
  }
}

export interface TaskRun {
  /** The time the task has, asked when a process takes it (ms); absent or null: none. */
  timeoutMs?: () => number | null;
  /** The task was taken by a process (its clock starts); returns what marks its end. */
  onStart?: () => () => void;
  /** Progress the task reports; throwing stops the task (the error is the task's). */
  onProgress?: (progress: unknown) => void;
}

export interface IsolationPool {
  /** `input` is built when a process takes the task (it may use the time left then). */
  run<T extends TaskName>(task: T, input: TaskInput<T> | (() => TaskInput<T>), run?: TaskRun): Promise<TaskResult<T>>;
  /** The largest resident memory any process of the pool reached, bytes. */
  peakRssBytes(): number;
  /** The processes' ids, busy ones first (for watching them from outside: tests, the benchmark). */
  pids(): number[];
  readonly memoryBytes: number;
  close(): Promise<void>;
}

interface Running {
  id: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | null;
  stop: (() => void) | null;
  onProgress?: (progress: unknown) => void;
  lastProgress: unknown;
  /** The caller was answered already (cancelled): the process is free once it says it stopped. */
  settled: boolean;
}

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  running: Running | null;
  tasks: number;
  peak: number;
  /** Why the pool killed it, if it did. */
  killedFor: IsolationFailure | null;
  stderrTail: string;
  exited: boolean;
}

interface Waiting {
  take(child: Child): void;
  fail(error: unknown): void;
}

function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The error the task threw in its process, rebuilt as the caller knows it. */
function rebuild(e: WireError): Error {
  if (e.name === 'DocumentError') return new DocumentError(e.code as DocumentErrorCode, e.message);
  if (e.name === 'OcrError') return new OcrError(e.code as OcrErrorCode, e.message);
  if (e.name === 'DocumentTimeoutError') return new DocumentTimeoutError(e.message);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

export function createIsolationPool(options: PoolOptions): IsolationPool {
  const maxTasks = options.maxTasksPerProcess ?? 100;
  const children = new Set<Child>();
  const idle: Child[] = [];
  const waiting: Waiting[] = [];
  let nextId = 1;
  let closed = false;
  let peakRss = 0;
  // The heap is capped below the resident limit: native memory (pictures, canvas) comes on top.
  const heapMb = Math.max(128, Math.floor((options.memoryBytes * 0.75) / MiB));

  const sampler = setInterval(() => {
    for (const child of children) {
      // Only a process at work on a task: one that is starting up is its own business.
      if (!child.running || child.running.id === 0 || child.exited) continue;
      const rss = rssOf(child.proc.pid);
      if (rss === null) continue;
      child.peak = Math.max(child.peak, rss);
      peakRss = Math.max(peakRss, rss);
      if (rss > options.memoryBytes) kill(child, 'memory');
    }
  }, options.sampleMs ?? 100);
  sampler.unref();

  function kill(child: Child, why: IsolationFailure): void {
    if (child.exited) return;
    child.killedFor ??= why;
    child.proc.kill('SIGKILL');
  }

  function spawn(): Child {
    const proc = fork(CHILD_ENTRY, [], {
      execArgv: [`--max-old-space-size=${heapMb}`],
      env: { ...process.env, BAOCAO_CHILD_CONFIG: JSON.stringify(options.child) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let markReady: () => void = () => {};
    let failStart: (error: unknown) => void = () => {};
    const child: Child = {
      proc,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      running: null,
      tasks: 0,
      peak: 0,
      killedFor: null,
      stderrTail: '',
      exited: false,
    };
    child.ready.catch(() => {});
    proc.stderr?.on('data', (chunk: Buffer) => {
      child.stderrTail = (child.stderrTail + chunk.toString('utf8')).slice(-4096);
    });
    proc.on('message', (message: FromChild) => {
      if (message.type === 'ready') return markReady();
      const running = child.running;
      if (!running || message.id !== running.id) return;
      if (message.type === 'progress') {
        running.lastProgress = message.progress;
        if (running.settled) return;
        try {
          running.onProgress?.(message.progress);
        } catch (error) {
          // The caller stops the task (a cancelled activity, its own deadline): the process is
          // asked to stop at its next page and is free once it says so.
          const cancel: ToChild = { type: 'cancel', id: running.id };
          proc.send(cancel);
          settle(child, running, () => running.reject(error));
          running.timer = setTimeout(() => kill(child, 'time'), 5000);
        }
        return;
      }
      settle(child, running, () => (message.type === 'done' ? running.resolve(message.result) : running.reject(rebuild(message.error))));
      finish(child);
    });
    proc.on('exit', (code, signal) => {
      child.exited = true;
      children.delete(child);
      const at = idle.indexOf(child);
      if (at >= 0) idle.splice(at, 1);
      failStart(new Error(`the document process did not start (${signal ?? `exit code ${code}`}): ${child.stderrTail.trim().split('\n').pop() ?? ''}`));
      const running = child.running;
      if (running) {
        child.running = null;
        // Its time limit (or its cancel's grace) would otherwise keep this process alive.
        if (running.timer) clearTimeout(running.timer);
        const heap = /heap out of memory|Reached heap limit|allocation failed/i.test(child.stderrTail);
        const kind: IsolationFailure = child.killedFor ?? (heap ? 'memory' : 'crashed');
        const how =
          kind === 'memory'
            ? `its memory passed ${Math.round(options.memoryBytes / MiB)} MiB`
            : kind === 'time'
              ? 'it ran out of time'
              : `it died (${signal ?? `exit code ${code}`})`;
        settle(child, running, () => running.reject(new IsolationError(kind, `the document process was stopped: ${how}`, child.peak, running.lastProgress)));
      }
      dispatch();
    });
    children.add(child);
    return child;
  }

  function settle(child: Child, running: Running, answer: () => void): void {
    if (running.settled) return;
    running.settled = true;
    running.stop?.();
    peakRss = Math.max(peakRss, child.peak);
    answer();
  }

  /** The process answered its task: free for the next one, or retired. */
  function finish(child: Child): void {
    if (child.running?.timer) clearTimeout(child.running.timer);
    child.running = null;
    const rss = rssOf(child.proc.pid);
    // A process that kept much of what its task took is replaced rather than reused.
    if (closed || child.tasks >= maxTasks || (rss !== null && rss > options.memoryBytes * 0.6)) {
      if (child.proc.connected) child.proc.disconnect();
      setTimeout(() => kill(child, 'crashed'), 5000).unref();
    } else {
      idle.push(child);
    }
    dispatch();
  }

  function dispatch(): void {
    while (waiting.length > 0) {
      let child = idle.shift();
      if (!child) {
        if (children.size >= options.processes || closed) return;
        child = spawn();
      }
      waiting.shift()!.take(child);
    }
  }

  return {
    memoryBytes: options.memoryBytes,
    peakRssBytes: () => Math.max(peakRss, ...[...children].map((c) => c.peak)),
    pids: () =>
      [...children]
        .sort((a, b) => Number(Boolean(b.running)) - Number(Boolean(a.running)))
        .flatMap((c) => (c.proc.pid !== undefined && !c.exited ? [c.proc.pid] : [])),
    run(task, input, run = {}) {
      if (closed) return Promise.reject(new Error('the document processes are closed'));
      return new Promise((resolve, reject) => {
        const start = (c: Child): void => {
          const id = nextId++;
          const running: Running = {
            id,
            resolve: resolve as (v: unknown) => void,
            reject,
            timer: null,
            stop: null,
            lastProgress: null,
            settled: false,
            ...(run.onProgress ? { onProgress: run.onProgress } : {}),
          };
          c.running = running;
          c.tasks++;
          c.killedFor = null;
          running.stop = run.onStart?.() ?? null;
          const timeoutMs = run.timeoutMs?.() ?? null;
          if (timeoutMs !== null) running.timer = setTimeout(() => kill(c, 'time'), Math.max(0, timeoutMs));
          const payload = typeof input === 'function' ? (input as () => unknown)() : input;
          const message: ToChild = { type: 'run', id, task, input: payload };
          c.proc.send(message);
        };
        const waiter: Waiting = {
          fail: reject,
          take: (child) => {
            child.running = { id: 0, resolve: () => {}, reject: () => {}, timer: null, stop: null, lastProgress: null, settled: true }; // reserved
            child.ready.then(
              () => {
                if (child.exited) {
                  // It died before it was given the task: the task waits for another process.
                  waiting.unshift(waiter);
                  dispatch();
                } else start(child);
              },
              (error: unknown) => reject(error),
            );
          },
        };
        waiting.push(waiter);
        dispatch();
      });
    },
    async close() {
      closed = true;
      clearInterval(sampler);
      for (const w of waiting.splice(0)) w.fail(new Error('the document processes are closed'));
      const exits = [...children].map((child) => new Promise<void>((resolve) => (child.exited ? resolve() : child.proc.once('exit', () => resolve()))));
      for (const child of children) {
        if (child.running) kill(child, 'crashed');
        else {
          if (child.proc.connected) child.proc.disconnect();
          setTimeout(() => kill(child, 'crashed'), 3000).unref();
        }
      }
      await Promise.all(exits);
    },
  };
}
