// Text drawn by a PDF's annotations (signature fields, filled-in form fields, free-text notes),
// which pdf.js's getTextContent() leaves out. Vietnamese e-signing systems write the document's
// number and day into signature fields ("Số: [11] /TB-UBND", "ngày [08] tháng 01") and print
// the signature stamp as one ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC … 09.01.2025 10:21:11 +07:00"):
// without them the header of a signed document has a blank number and day.
//
// The text comes from the page's operator list, where pdf.js puts the annotations' appearance
// streams between beginAnnotation and endAnnotation: the glyphs of each showText with their
// positions, replayed from the graphics and text state operators. Only pages with annotations
// pay for this (the operator list is usually built already, for the fonts).

/** The shape of a pdf.js text-content item, so overlay text joins the page's own runs. */
export interface OverlayItem {
  str: string;
  /** Text space to user space, font size included (as pdf.js text items). */
  transform: number[];
  /** Advance in user space units. */
  width: number;
  height: number;
  fontName: string;
}

/** The text of one annotation: its items, and all of it as one string (lines joined by spaces). */
export interface OverlayText {
  items: OverlayItem[];
  text: string;
  /** Drawn by a signature field (a stamp, or a number a signing system filled in). */
  signatureField: boolean;
}

interface Glyph {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

interface OverlayAnnotation {
  id?: string;
  subtype?: string;
  fieldType?: string;
  hasAppearance?: boolean;
}

interface OverlayPage {
  getAnnotations(): Promise<OverlayAnnotation[]>;
  getOperatorList(): Promise<unknown>;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function matrixOf(value: unknown): Matrix {
  const v = value as ArrayLike<number> | Record<string, number> | null | undefined;
  if (!v) return IDENTITY;
  const at = (i: number) => Number((v as Record<string, number>)[i] ?? (i === 0 || i === 3 ? 1 : 0));
  return [at(0), at(1), at(2), at(3), at(4), at(5)];
}

interface TextState {
  ctm: Matrix;
  font: string;
  fs: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  leading: number;
}

/** Annotation subtypes whose appearance is not text of the document. */
const IGNORED_SUBTYPES = new Set(['Link', 'Popup']);

/**
 * The text each visible annotation of the page draws, in drawing order. Empty when the page has
 * no annotation with an appearance. `ops` is pdf.js's OPS table (operator names to codes).
 */
export async function readOverlayTexts(page: OverlayPage, ops: Record<string, number>): Promise<OverlayText[]> {
  let annotations: OverlayAnnotation[];
  try {
    annotations = await page.getAnnotations();
  } catch {
    return [];
  }
  if (!annotations.some((a) => a.hasAppearance && !IGNORED_SUBTYPES.has(a.subtype ?? ''))) return [];
  let list: { fnArray: number[]; argsArray: unknown[][] };
  try {
    list = (await page.getOperatorList()) as typeof list;
  } catch {
    return [];
  }
  const name = new Map<number, string>(Object.entries(ops).map(([k, v]) => [v, k]));
  const signatureIds = new Set(annotations.filter((a) => a.fieldType === 'Sig' && a.id).map((a) => a.id));
  const out: OverlayText[] = [];
  let signatureField = false;
  let state: TextState = { ctm: IDENTITY, font: '', fs: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0, leading: 0 };
  const stack: TextState[] = [];
  let depth = 0;
  let current: OverlayItem[] = [];
  let tm: Matrix = IDENTITY;
  let lineX = 0;
  let lineY = 0;
  let x = 0;
  let y = 0;
  const moveText = (tx: number, ty: number) => {
    lineX += tx;
    lineY += ty;
    x = lineX;
    y = lineY;
  };
  const show = (glyphs: unknown) => {
    if (!Array.isArray(glyphs)) return;
    const startX = x;
    let advance = 0;
    let str = '';
    for (const g of glyphs as Array<Glyph | number | null>) {
      if (typeof g === 'number') {
        advance -= (g * state.fs) / 1000;
        continue;
      }
      if (!g) continue;
      const ch = g.unicode ?? '';
      str += ch === '' && g.isSpace ? ' ' : ch;
      advance += ((g.width ?? 0) * state.fs) / 1000 + state.charSpacing + (g.isSpace ? state.wordSpacing : 0);
    }
    x += advance * state.hScale;
    if (str.trim() === '' || state.fs === 0) return;
    const base = mul(mul(state.ctm, tm), [1, 0, 0, 1, startX, y + state.rise]);
    const transform = mul(base, [state.fs * state.hScale, 0, 0, state.fs, 0, 0]);
    const scaleX = Math.hypot(base[0], base[1]) || 1;
    current.push({ str, transform, width: advance * state.hScale * scaleX, height: state.fs, fontName: state.font });
  };

  for (let i = 0; i < list.fnArray.length; i++) {
    const op = name.get(list.fnArray[i]!);
    const args = list.argsArray[i] ?? [];
    if (op === 'beginAnnotation') {
      if (depth === 0) {
        current = [];
        signatureField = signatureIds.has(String(args[0]));
      }
      depth++;
      stack.push(state);
      state = { ...state, ctm: mul(mul(state.ctm, matrixOf(args[2])), matrixOf(args[3])) };
      continue;
    }
    if (op === 'endAnnotation') {
      state = stack.pop() ?? state;
      depth = Math.max(0, depth - 1);
      if (depth === 0 && current.length > 0) {
        out.push({
          items: current,
          text: current
            .map((it) => it.str.trim())
            .filter(Boolean)
            .join(' ')
            .replace(/\s+/g, ' '),
          signatureField,
        });
        current = [];
      }
      continue;
    }
    if (depth === 0) continue;
    switch (op) {
      case 'save':
        stack.push(state);
        break;
      case 'restore':
        state = stack.pop() ?? state;
        break;
      case 'transform':
        state = { ...state, ctm: mul(state.ctm, matrixOf(args)) };
        break;
      case 'paintFormXObjectBegin':
        stack.push(state);
        state = { ...state, ctm: mul(state.ctm, matrixOf(args[0])) };
        break;
      case 'paintFormXObjectEnd':
        state = stack.pop() ?? state;
        break;
      case 'beginText':
        tm = IDENTITY;
        lineX = lineY = x = y = 0;
        break;
      case 'setTextMatrix':
        tm = matrixOf(args[0] !== undefined && typeof args[0] === 'object' ? args[0] : args);
        lineX = lineY = x = y = 0;
        break;
      case 'moveText':
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case 'setLeading':
        state = { ...state, leading: -(Number(args[0]) || 0) };
        break;
      case 'setLeadingMoveText':
        state = { ...state, leading: Number(args[1]) || 0 };
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case 'nextLine':
        moveText(0, state.leading);
        break;
      case 'setFont':
        state = { ...state, font: String(args[0] ?? ''), fs: Math.abs(Number(args[1]) || 0) };
        break;
      case 'setCharSpacing':
        state = { ...state, charSpacing: Number(args[0]) || 0 };
        break;
      case 'setWordSpacing':
        state = { ...state, wordSpacing: Number(args[0]) || 0 };
        break;
      case 'setHScale':
        state = { ...state, hScale: (Number(args[0]) || 100) / 100 };
        break;
      case 'setTextRise':
        state = { ...state, rise: Number(args[0]) || 0 };
        break;
      case 'showText':
      case 'showSpacedText':
        show(args[0]);
        break;
      case 'nextLineShowText':
        moveText(0, state.leading);
        show(args[0]);
        break;
      case 'nextLineSetSpacingShowText':
        state = { ...state, wordSpacing: Number(args[0]) || 0, charSpacing: Number(args[1]) || 0 };
        moveText(0, state.leading);
        show(args[2]);
        break;
      default:
        break;
    }
  }
  return out;
}
