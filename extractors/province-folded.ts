// Province names in OCR'd headers, where tone marks come out wrong ("THANH PHO ĐÁ NÀNG", "Đà
// Năng, ngày"): names compared without marks (Đ as D), used only after the exact matcher of
// provinces.ts found nothing. A name is taken only when no other name folds to the same
// letters, and only where a header names its province: after "TỈNH" / "THÀNH PHỐ" / "TP" or
// before ", ngày" of the place-and-date line.
import { provinces } from './catalogue.ts';
import { foldVietnamese } from './document-types.ts';
import type { ProvinceMatch } from './provinces.ts';

interface FoldedAlias {
  words: string[];
  code: string;
  oldCode: string | null;
  /** The name as the catalogue writes it. */
  name: string;
}

let cache: FoldedAlias[] | undefined;

function words(text: string): string[] {
  return foldVietnamese(text).match(/[A-Z0-9]+/g) ?? [];
}

function aliases(): FoldedAlias[] {
  if (cache) return cache;
  const byKey = new Map<string, FoldedAlias | null>();
  const add = (name: string, code: string, oldCode: string | null) => {
    const w = words(name).filter((x, i) => !(i === 0 && (x === 'TINH' || x === 'TP')));
    const start = w[0] === 'THANH' && w[1] === 'PHO' ? 2 : 0;
    const key = w.slice(start).join(' ');
    if (!key) return;
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, { words: w.slice(start), code, oldCode, name });
    else if (existing !== null && existing.code !== code) byKey.set(key, null); // ambiguous once folded
  };
  for (const p of provinces()) {
    add(p.shortName, p.code, null);
    for (const f of p.formedFrom) add(f.name, p.code, f.code === p.code ? null : f.code);
  }
  cache = [...byKey.values()].filter((a): a is FoldedAlias => a !== null).sort((a, b) => b.words.length - a.words.length);
  return cache;
}

function at(tokens: string[], i: number): FoldedAlias | null {
  for (const a of aliases()) if (a.words.every((w, k) => tokens[i + k] === w)) return a;
  return null;
}

/**
 * The province whose name, read without marks, is spelt by `words` from `i` (already folded:
 * upper case, no marks, Đ as D), and how many words it takes; null when none or ambiguous.
 */
export function foldedProvinceAt(words: readonly string[], i: number): { code: string; length: number } | null {
  const a = at(words as string[], i);
  return a ? { code: a.code, length: a.words.length } : null;
}

/** The province a header names, read without tone marks; null when none is named, or only ambiguously. */
export function findProvinceFolded(headerText: string): (ProvinceMatch & { name: string }) | null {
  const tokens = words(headerText);
  for (let i = 0; i < tokens.length; i++) {
    const unit = tokens[i] === 'TINH' || tokens[i] === 'TP' ? 1 : tokens[i] === 'THANH' && tokens[i + 1] === 'PHO' ? 2 : 0;
    if (!unit) continue;
    const a = at(tokens, i + unit);
    if (a) return { code: a.code, evidence: tokens.slice(i, i + unit + a.words.length).join(' '), oldCode: a.oldCode, name: a.name };
  }
  const folded = foldVietnamese(headerText);
  for (const m of folded.matchAll(/([A-Z0-9 ]{2,40}),\s*NGAY/g)) {
    const t = m[1]!.trim().split(/\s+/);
    for (let len = Math.min(4, t.length); len >= 1; len--) {
      const a = at(t, t.length - len);
      if (a && a.words.length === len) return { code: a.code, evidence: t.slice(t.length - len).join(' '), oldCode: a.oldCode, name: a.name };
    }
  }
  return null;
}
