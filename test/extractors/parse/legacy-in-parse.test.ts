// parseDocument converts legacy-font text (TCVN3, VNI) before anything reads it.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { documentText, parseDocument } from '../../../extractors/parse/index.ts';

describe('parseDocument and legacy fonts', () => {
  it('returns Unicode Vietnamese for a PDF set in TCVN3 and VNI fonts, saying so', async () => {
    const doc = await parseDocument(new Uint8Array(await readFile(new URL('../../../fixtures/legacy/legacy-report.pdf', import.meta.url))));
    const text = documentText(doc);
    expect(text).toContain('Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN');
    expect(text).not.toMatch(/häc|vµ|c«ng|nghÖ/);
    expect(doc.warnings.some((w) => w.code === 'legacy_font_converted' && /converted from (TCVN3|VNI)/.test(w.message))).toBe(true);
  });
});
