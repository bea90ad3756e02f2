// A period key ("2025-H1", "2024-9M", "2025-Q3", "2025-M05", "2024", "2021-2025", an ISO date)
// taken apart, so each language can name the period in its own words.
export type KeyParts =
  | { kind: 'year'; year: number }
  | { kind: 'half'; year: number; half: 1 | 2 }
  | { kind: 'nine_months'; year: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'range'; from: number; to: number }
  | { kind: 'as_of'; day: number; month: number; year: number };

export function keyParts(key: string): KeyParts | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(key))) return { kind: 'year', year: Number(m[1]) };
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return { kind: 'half', year: Number(m[1]), half: m[2] === '1' ? 1 : 2 };
  if ((m = /^(\d{4})-9M$/.exec(key))) return { kind: 'nine_months', year: Number(m[1]) };
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return { kind: 'quarter', year: Number(m[1]), quarter: Number(m[2]) };
  if ((m = /^(\d{4})-M(\d{2})$/.exec(key))) return { kind: 'month', year: Number(m[1]), month: Number(m[2]) };
  if ((m = /^(\d{4})-(\d{4})$/.exec(key))) return { kind: 'range', from: Number(m[1]), to: Number(m[2]) };
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key))) return { kind: 'as_of', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return null;
}

export const ROMAN = ['I', 'II', 'III', 'IV'];

/** "2025-06-14" -> "14/06/2025"; anything else unchanged. */
export function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
