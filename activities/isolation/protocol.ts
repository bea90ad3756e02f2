// The messages between a process that reads documents (child.ts) and the pool that runs it
// (pool.ts). Types only. Values travel by structured clone (serialization: 'advanced'), so
// Uint8Arrays arrive as they left.

/** How the child is set up, once, when it starts. */
export interface ChildConfig {
  /** OCR in the child: its own engine, started on the first page that needs it. null: no OCR. */
  ocr: { languages: string; workers: number; pageTimeoutMs: number } | null;
}

export type ToChild =
  | { type: 'run'; id: number; task: string; input: unknown }
  /** Stop the task at its next page (the parent gave up on it: cancelled, or out of time). */
  | { type: 'cancel'; id: number };

/** An error as it crosses the process boundary: enough to rebuild the one the caller branches on. */
export interface WireError {
  name: string;
  message: string;
  /** DocumentError and OcrError codes. */
  code?: string;
}

export type FromChild =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: WireError };
