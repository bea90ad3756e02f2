// The passage shown around a value's evidence.
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../extractors/types.ts';
import { evidenceContext } from '../../web/evidence-context.ts';

const long = `${'Mở đầu báo cáo. '.repeat(80)}Sở đã kiểm định 9.215 phương tiện đo. ${'Phần sau của đoạn văn. '.repeat(80)}`;
const doc: ParsedDocument = {
  mediaType: 'application/pdf',
  warnings: [],
  pages: [
    { number: 1, source: 'text', blocks: [{ kind: 'paragraph', page: 1, text: 'Tổng kinh phí là 14,2 tỷ đồng.' }] },
    { number: 2, source: 'text', blocks: [{ kind: 'paragraph', page: 2, text: long }] },
    {
      number: 3,
      source: 'text',
      blocks: [
        {
          kind: 'table',
          page: 3,
          rows: [],
          text: [
            'STT | Chỉ tiêu | Thực hiện',
            '1 | Nhiệm vụ mới | 19',
            '2 | Nghiệm thu | 12',
            '3 | Chuyển giao | 4',
            '4 | Đăng ký | 7',
            '5 | Dừng | 1',
            '6 | Khác | 0',
          ].join('\n'),
        },
      ],
    },
  ],
};

const marked = (c: ReturnType<typeof evidenceContext>) => c.text.slice(c.start, c.end);

describe('evidenceContext', () => {
  it('gives the paragraph holding the quote, with the quote located in it', () => {
    const c = evidenceContext(doc, 'Tổng kinh phí là 14,2 tỷ đồng.', 1);
    expect(c).toMatchObject({ text: 'Tổng kinh phí là 14,2 tỷ đồng.', source: 'document', page: 1 });
    expect(marked(c)).toBe('Tổng kinh phí là 14,2 tỷ đồng.');
  });

  it('cuts a long paragraph around the quote, at spaces', () => {
    const c = evidenceContext(doc, 'Sở đã kiểm định 9.215 phương tiện đo.', 2);
    expect(marked(c)).toBe('Sở đã kiểm định 9.215 phương tiện đo.');
    expect(c.text.length).toBeLessThan(1400);
    expect(c.text).toMatch(/^… \S[\s\S]*\S …$/);
    const inner = c.text.slice(2, -2);
    const at = long.indexOf(inner);
    expect(at).toBeGreaterThan(0);
    expect(long[at - 1]).toBe(' ');
    expect(long[at + inner.length]).toBe(' ');
  });

  it('gives a table row with two rows either side', () => {
    const c = evidenceContext(doc, '4 | Đăng ký | 7', 3);
    expect(c.text.split('\n')).toEqual(['2 | Nghiệm thu | 12', '3 | Chuyển giao | 4', '4 | Đăng ký | 7', '5 | Dừng | 1', '6 | Khác | 0']);
    expect(marked(c)).toBe('4 | Đăng ký | 7');
  });

  it('finds the quote on another page than the one recorded, and falls back to the quote alone', () => {
    expect(evidenceContext(doc, '1 | Nhiệm vụ mới | 19', 1)).toMatchObject({ page: 3, source: 'document' });
    expect(evidenceContext(doc, 'không có trong văn bản', 1)).toEqual({ text: 'không có trong văn bản', start: 0, end: 22, page: null, source: 'evidence' });
    expect(evidenceContext(null, 'trích dẫn', 1)).toMatchObject({ source: 'evidence', text: 'trích dẫn' });
  });
});
