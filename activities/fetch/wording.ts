// How URLs, sizes and durations appear in error messages meant for an analyst.
import { formatSize } from '../../shared/size.ts';

/** Query parameters whose values are hidden in messages (tokens, keys, signatures, sessions). */
const SECRET_PARAM = /token|key|secret|pass|pwd|auth|sig|session|sid|credential|jwt|^code$|^x-amz-/i;

/** A URL as shown in messages: no user name or password, no fragment, secret-looking query values replaced by ***. */
export function displayUrl(url: URL): string {
  let query = '';
  if (url.search.length > 1) {
    const parts = url.search
      .slice(1)
      .split('&')
      .map((part) => {
        const eq = part.indexOf('=');
        const rawName = eq === -1 ? part : part.slice(0, eq);
        let name = rawName;
        try {
          name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        } catch {
          // keep the raw name
        }
        return eq !== -1 && SECRET_PARAM.test(name) ? `${rawName}=***` : part;
      });
    query = `?${parts.join('&')}`;
  }
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}

/** A string the URL parser refused, shortened and without anything that looks like user:password@. */
export function displayRawUrl(raw: string): string {
  const cleaned = raw
    .replace(/\/\/[^/@\s]*@/, '//')
    .replace(/\s+/g, ' ')
    .trim();
  const shown = cleaned.length > 120 ? `${cleaned.slice(0, 117)}...` : cleaned;
  return JSON.stringify(shown);
}

/** 52428800 -> "50 MiB", 1536 -> "1.5 KiB", 900 -> "900 bytes": sizes as download limits are set, in whole units. */
export function formatBytes(n: number): string {
  return formatSize(n, { wholeUnits: true });
}

/** 30000 -> "30 s", 300 -> "0.3 s", 1250 -> "1.25 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
