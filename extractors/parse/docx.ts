// DOCX -> ParsedDocument, through mammoth's HTML (which keeps headings, paragraphs, tables and
// bold) read back with node-html-parser.
//
// Pages. A .docx has no pages, only flow; Word lays pages out when it renders. mammoth reads
// explicit page breaks (<w:br w:type="page"/>, what Ctrl+Enter inserts) as "break" elements and its
// style map can match them with `br[type='page']`. Mapped to an empty element such as a <span>
// they vanish (mammoth drops empty non-void elements), so they are mapped to a void element,
// `<hr class="baocao-page-break">`, which lands inside the paragraph that held the break. Page N
// is the text after the (N-1)th explicit break; page 1 is everything before the first. Not
// counted: "page break before" paragraph properties, section breaks, and Word's
// <w:lastRenderedPageBreak/> markers (mammoth reads none of them), nor natural page overflow, so
// a DOCX page number is a lower bound of the printed page.
//
// The archive is unpacked and checked by zip.ts (sizes before inflating, DTDs) before mammoth
// reads it. Macros (a .docm's word/vbaProject.bin) are never run by anything here; the document
// is read for its text like any other, and a warning says the macros were there.
import mammoth from 'mammoth';
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import type { Block, ParsedDocument, ParsedPage } from '../types.ts';
import { DocumentError } from './errors.ts';
import { DOCX_MEDIA_TYPE, zipEntryNames } from './media-type.ts';
import { cleanText, looksLikeHeading, makeTableBlock } from './text.ts';
import { storedZip, unpackDocx, type UnpackLimits, type ZipPart } from './zip.ts';
import { warning } from '../warnings.ts';

const PAGE_BREAK_CLASS = 'baocao-page-break';

const STYLE_MAP = [`br[type='page'] => hr.${PAGE_BREAK_CLASS}`, "p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

export async function parseDocx(bytes: Uint8Array, limits: UnpackLimits = {}): Promise<ParsedDocument> {
  const parts = unpackDocx(bytes, limits);
  const checked = storedZip(parts);
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // A style map embedded in the document is not read (nor handed over: see zip.ts).
        includeEmbeddedStyleMap: false,
        // Images are not needed (OCR is a later step); do not inline them as base64.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocumentError('corrupt', `Word document is damaged or not a .docx: ${cleanText(reason)}`, { cause: error });
  }

  const warnings = [...new Set(result.messages.map((m) => `${m.type === 'error' ? 'error' : 'warning'} from Word conversion: ${m.message}`))].map((m) =>
    warning('docx_conversion', m),
  );
  const macros = macroWarning(zipEntryNames(bytes), parts);
  if (macros) warnings.push(warning('docx_macros', macros));
  const walker = new Walker();
  walker.children(parse(result.value));
  const pages: ParsedPage[] = [];
  for (let n = 1; n <= walker.page; n++) {
    pages.push({ number: n, blocks: walker.blocks.filter((b) => b.page === n), source: 'text' });
  }
  if (walker.blocks.length === 0) {
    throw new DocumentError('no_text', 'the Word document has no text (pasted scans? OCR is not enabled yet)');
  }
  return { mediaType: DOCX_MEDIA_TYPE, pages, warnings };
}

/** A macro-enabled document (.docm content type, a VBA project part) is said so in the warnings. */
function macroWarning(names: string[], parts: ZipPart[]): string | null {
  const vba = names.find((name) => /(^|\/)vbaProject\.bin$/i.test(name));
  const types = parts.find((p) => p.name === '[Content_Types].xml');
  const macroEnabled = types !== undefined && Buffer.from(types.data).includes('macroEnabled');
  if (!vba && !macroEnabled) return null;
  const what = vba ? `a VBA macro project (${vba})` : 'the macro-enabled (.docm) content type';
  return `the Word document contains ${what}; macros are never run here, only the text is read`;
}

interface Piece {
  text: string;
  bold: boolean;
}

const BLOCK_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'tr',
  'td',
  'th',
  'table',
  'div',
  'br',
  'hr',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
]);

function tagOf(node: Node): string {
  return node instanceof HTMLElement ? node.tagName.toLowerCase() : '';
}

function isPageBreak(node: Node): boolean {
  return node instanceof HTMLElement && tagOf(node) === 'hr' && node.classList.contains(PAGE_BREAK_CLASS);
}

class Walker {
  page = 1;
  readonly blocks: Block[] = [];

  children(node: Node): void {
    for (const child of node.childNodes) this.node(child);
  }

  node(node: Node): void {
    if (node.nodeType === NodeType.TEXT_NODE) {
      this.textBlock([{ text: node.textContent, bold: false }], 'paragraph');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = tagOf(node);
    if (isPageBreak(node)) {
      this.page++;
    } else if (/^h[1-6]$/.test(tag)) {
      this.inline(node, 'heading');
    } else if (tag === 'p') {
      this.inline(node, 'auto');
    } else if (tag === 'table') {
      this.table(node);
    } else if (tag === 'ul' || tag === 'ol') {
      for (const li of node.childNodes) {
        if (tagOf(li) !== 'li') {
          this.node(li);
          continue;
        }
        // The item's own text first, then its nested lists.
        const own = li.childNodes.filter((c) => tagOf(c) !== 'ul' && tagOf(c) !== 'ol');
        const nested = li.childNodes.filter((c) => tagOf(c) === 'ul' || tagOf(c) === 'ol');
        this.inlineNodes(own, 'paragraph');
        for (const n of nested) this.node(n);
      }
    } else {
      this.children(node);
    }
  }

  /** A paragraph-like element; explicit page breaks inside it split it across pages. */
  inline(node: HTMLElement, kind: 'heading' | 'auto' | 'paragraph'): void {
    this.inlineNodes(node.childNodes, kind);
  }

  inlineNodes(nodes: Node[], kind: 'heading' | 'auto' | 'paragraph'): void {
    let pieces: Piece[] = [];
    const visit = (n: Node, bold: boolean) => {
      if (n.nodeType === NodeType.TEXT_NODE) {
        pieces.push({ text: n.textContent, bold });
        return;
      }
      if (!(n instanceof HTMLElement)) return;
      const tag = tagOf(n);
      if (isPageBreak(n)) {
        this.textBlock(pieces, kind);
        pieces = [];
        this.page++;
        return;
      }
      if (tag === 'table') {
        this.textBlock(pieces, kind);
        pieces = [];
        this.table(n);
        return;
      }
      if (BLOCK_TAGS.has(tag)) pieces.push({ text: ' ', bold });
      const b = bold || tag === 'strong' || tag === 'b';
      for (const c of n.childNodes) visit(c, b);
      if (BLOCK_TAGS.has(tag)) pieces.push({ text: ' ', bold });
    };
    for (const n of nodes) visit(n, false);
    this.textBlock(pieces, kind);
  }

  textBlock(pieces: Piece[], kind: 'heading' | 'auto' | 'paragraph'): void {
    const text = cleanText(pieces.map((p) => p.text).join(''));
    if (!text) return;
    let resolved: 'heading' | 'paragraph' = kind === 'heading' ? 'heading' : 'paragraph';
    if (kind === 'auto') {
      const boldOnly = pieces.every((p) => p.bold || p.text.trim() === '');
      resolved = looksLikeHeading(text, { bold: boldOnly, larger: false }) ? 'heading' : 'paragraph';
    }
    this.blocks.push({ kind: resolved, page: this.page, text });
  }

  table(node: HTMLElement): void {
    const startPage = this.page;
    const rows: string[][] = [];
    for (const tr of rowsOf(node)) {
      rows.push(tr.childNodes.filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th').map((cell) => this.cellText(cell)));
    }
    const block = makeTableBlock(startPage, rows);
    if (block.rows.length > 0) this.blocks.push(block);
  }

  /** A cell's paragraphs (and any nested table's cells) joined with spaces; counts page breaks. */
  cellText(cell: Node): string {
    const parts: string[] = [];
    const visit = (n: Node) => {
      if (n.nodeType === NodeType.TEXT_NODE) {
        parts.push(n.textContent);
        return;
      }
      if (isPageBreak(n)) {
        this.page++;
        return;
      }
      const block = BLOCK_TAGS.has(tagOf(n));
      if (block) parts.push(' ');
      n.childNodes.forEach(visit);
      if (block) parts.push(' ');
    };
    cell.childNodes.forEach(visit);
    return cleanText(parts.join(''));
  }
}

/** <tr> elements of a table, directly or through thead/tbody/tfoot (not those of nested tables). */
function rowsOf(table: HTMLElement): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (const child of table.childNodes) {
    const tag = tagOf(child);
    if (tag === 'tr') rows.push(child as HTMLElement);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') rows.push(...rowsOf(child as HTMLElement));
  }
  return rows;
}
