// The layout pass: positioned words (a text layer's, or OCR's) -> lines -> tables, headings and
// paragraphs, one algorithm with a settings object per source (params.ts).
export { layoutBlocks, type LaidOutBlock } from './blocks.ts';
export { groupLines, isPageNumberLine, withoutPageNumbers } from './lines.ts';
export type { Divider, LayoutWord, Line, Segment } from './model.ts';
export { OCR_LAYOUT, TEXT_LAYER_LAYOUT, type LayoutParams } from './params.ts';
export { dominant, median, percentile } from './stats.ts';
export { fixGroupNumber, tableRows, type TableRegion } from './tables.ts';
