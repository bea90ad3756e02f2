// The page model every source of text is brought to: positioned words. A text-layer PDF page
// gives them from pdf.js's text items (baselines and font sizes in points), an OCR'd page from
// tesseract's word boxes (centres and box heights in pixels); the layout pass turns them into
// lines, then tables, headings and paragraphs.

export interface LayoutWord {
  text: string;
  x0: number;
  x1: number;
  /** Where the word sits vertically (y grows downwards): the baseline (text layer) or the box's centre (OCR). */
  y: number;
  /** Top of the word's box. */
  top: number;
  /** The word's em: its font size (text layer) or its box height (OCR). Every threshold of the layout is in these units. */
  size: number;
  bold: boolean;
  /** Has a letter or digit (punctuation alone has unreliable boxes). */
  solid: boolean;
}

export interface Segment {
  text: string;
  x0: number;
  x1: number;
}

/** A line of words, split into segments where a gap is wide enough to part cells or columns. */
export interface Line<W extends LayoutWord = LayoutWord> {
  /** The line's vertical position, in the words' sense of `y`. */
  y: number;
  top: number;
  x0: number;
  x1: number;
  /** The line's em. */
  size: number;
  bold: boolean;
  /** Left to right. */
  words: W[];
  segments: Segment[];
  text: string;
}

/** A vertical ruling line: words on both sides of it are never one segment. */
export interface Divider {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
