// The one layout algorithm's settings for each source of positioned words. Lengths are in the
// words' em (font size for a text layer, box height for OCR); where the two sources are handled
// differently, the reason is the geometry they give: a text layer has exact baselines, fonts and
// bold but splits words into fragments; OCR has whole words in boxes that wobble, no fonts, and
// misreads the small marks a table's first column holds.

export interface LayoutParams {
  lines: {
    /**
     * 'baseline': words in baseline order, a word within `tolerance` em of the line's first
     * baseline joins it (text layers: baselines are exact). 'band': each word joins the nearest
     * open line whose centre is within `tolerance` em and holds no word stacked above or below it,
     * punctuation last (OCR boxes wobble and lines may interleave).
     */
    grouping: 'baseline' | 'band';
    tolerance: number;
  };
  segments: {
    /** Gap (em) under which two words are glued without a space; null: always a space (OCR words are whole). */
    glueGap: number | null;
    /** Gap (em) from which a word starts a new segment (a table cell or a layout column). */
    cellGap: number;
    /** The em gaps are measured in: the two words' larger size, or the line's. */
    em: 'words' | 'line';
    /** A gap is measured from the previous word's end, or from the segment's (an OCR box may reach past its neighbour). */
    gapFrom: 'word' | 'segment';
    /** The same string printed twice a hair apart (fake bold) is kept once. */
    dropRepeats: boolean;
  };
  /** A page number line is dropped only when it is one segment. */
  pageNumberOneSegment: boolean;
  tables: {
    /** Lines of one table are at most this many em apart. */
    lineGap: number;
    /** A wrapped cell line follows the previous line within this many em. */
    wrapGap: number;
    /** A 2-column layout table (header, signatures) needs this gap (em) between its segments. */
    layoutGap: number;
    /** A one-segment line wider than 60% of the table so far ends it (running text, not a cell). */
    wideLineEndsTable: boolean;
    /**
     * 'widest-lines': columns are the segments of the lines with the most segments. 'covered':
     * columns are the x ranges the segments of every multi-segment line cover (OCR drops or
     * splits cells, so no single line is trusted to have them all).
     */
    columns: 'widest-lines' | 'covered';
    /** 'centre': a segment belongs to the column its centre is in; 'start': the one it starts in, and must end before the next. */
    assign: 'centre' | 'start';
    /** A line with under two cells whose size differs from the table's by more than this share ends it; null: sizes are not compared. */
    sizeChangeEndsTable: number | null;
    /** Trailing one-cell lines are running text under the table, unless they wrap the last row. */
    dropTrailingText: boolean;
    /** The header lines above the first numbered row are one row. */
    headerRow: boolean;
    /** A continuation line must have as many cells as the row above, and put no number where that row has a value. */
    strictContinuation: boolean;
    /** Roman group numbers as OCR misreads them ("H" for "II") are fixed beside an all-caps title. */
    fixGroupNumbers: boolean;
  };
  paragraphs: {
    /** A paragraph ends at a gap wider than this many line spacings, plus `gapSlack` (absolute). */
    gap: number;
    gapSlack: number;
    /** A change of size by more than this share ends a paragraph. */
    sizeChange: number;
    /** A first-line indent of more than this many em starts one. */
    indent: number;
    /** Line spacing is measured between neighbours whose sizes differ by less than `abs + rel * size`. */
    spacingSameSize: { abs: number; rel: number };
    /** Line spacing when no two neighbours measure it, in em. */
    fallbackSpacing: number;
    /** The right edge of the text: this percentile of the lines' right ends. */
    rightEdgePercentile: number;
  };
  headings: {
    /** Short centred lines and short numbered section titles are headings (no font to tell them by). */
    byPosition: boolean;
    /** Heading lines of one heading differ in size by less than this (absolute). */
    sizeTolerance: number;
    /** Heading lines of one heading are at most this many em apart. */
    lineGap: number;
  };
}

/** A PDF page's text layer: positions in points, sizes from the fonts. */
export const TEXT_LAYER_LAYOUT: LayoutParams = {
  lines: { grouping: 'baseline', tolerance: 0.4 },
  segments: { glueGap: 0.15, cellGap: 0.75, em: 'words', gapFrom: 'word', dropRepeats: true },
  pageNumberOneSegment: true,
  tables: {
    lineGap: 3,
    wrapGap: 1.45,
    layoutGap: 1.5,
    wideLineEndsTable: false,
    columns: 'widest-lines',
    assign: 'centre',
    sizeChangeEndsTable: 0.2,
    dropTrailingText: false,
    headerRow: false,
    strictContinuation: false,
    fixGroupNumbers: false,
  },
  paragraphs: {
    gap: 1.25,
    gapSlack: 0.5,
    sizeChange: 0.15,
    indent: 0.8,
    spacingSameSize: { abs: 0.5, rel: 0 },
    fallbackSpacing: 1.2,
    rightEdgePercentile: 1,
  },
  headings: { byPosition: false, sizeTolerance: 0.5, lineGap: 1.6 },
};

/** An OCR'd page: word boxes in pixels, sizes from the boxes' heights. */
export const OCR_LAYOUT: LayoutParams = {
  lines: { grouping: 'band', tolerance: 0.45 },
  segments: { glueGap: null, cellGap: 0.9, em: 'line', gapFrom: 'segment', dropRepeats: false },
  pageNumberOneSegment: false,
  tables: {
    lineGap: 3.2,
    wrapGap: 1.6,
    layoutGap: 2,
    wideLineEndsTable: true,
    columns: 'covered',
    assign: 'start',
    sizeChangeEndsTable: null,
    dropTrailingText: true,
    headerRow: true,
    strictContinuation: true,
    fixGroupNumbers: true,
  },
  paragraphs: {
    gap: 1.3,
    gapSlack: 0,
    sizeChange: 0.35,
    indent: 1.2,
    spacingSameSize: { abs: 0, rel: 0.3 },
    fallbackSpacing: 1.5,
    rightEdgePercentile: 0.9,
  },
  headings: { byPosition: true, sizeTolerance: Infinity, lineGap: 1.8 },
};
