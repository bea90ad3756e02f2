// How the command line logs. On a terminal, a log line is a plain sentence on stderr
// ("warning: no OPENAI_API_KEY configured: …"), so that it reads beside the command's output;
// when stderr is a file or a pipe (a cron job, a log collector) it is one JSON object per line
// (pino's own). `--log-format text|json` chooses either way.
import type { DestinationStream } from 'pino';

export type LogFormat = 'auto' | 'text' | 'json';

let chosen: LogFormat = 'auto';

export function setLogFormat(format: LogFormat): void {
  chosen = format;
}

export function logAsJson(stream: { isTTY?: boolean } = process.stderr): boolean {
  return chosen === 'json' || (chosen === 'auto' && !stream.isTTY);
}

const LEVELS: Record<number, string> = { 10: 'trace: ', 20: 'debug: ', 30: '', 40: 'warning: ', 50: 'error: ', 60: 'fatal: ' };
const LEFT_OUT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** One pino JSON line as a sentence: "warning: message (key=value, …)". */
export function textLine(line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const fields: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (LEFT_OUT.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') fields.push(`error: ${(value as { message?: string }).message ?? short(value)}`);
    else if (key === 'req' && value && typeof value === 'object')
      fields.push(`${(value as { method?: string }).method ?? ''} ${(value as { url?: string }).url ?? ''}`.trim());
    else if (key === 'res' && value && typeof value === 'object') fields.push(`status ${(value as { statusCode?: number }).statusCode ?? '?'}`);
    else if (key === 'responseTime' && typeof value === 'number') fields.push(`${Math.round(value)} ms`);
    else fields.push(`${key}=${short(value)}`);
  }
  const level = LEVELS[Number(o.level)] ?? '';
  return `${level}${String(o.msg ?? '')}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}\n`;
}

/** A destination that writes pino's lines to `stream` as sentences. */
export function textDestination(stream: NodeJS.WritableStream = process.stderr): DestinationStream {
  return { write: (line: string) => void stream.write(textLine(line)) };
}
