// What the model is asked by default: only the sentences and rows the rules could not settle,
// and nothing for a group whose numbers the rules all read surely; the model's answers then go
// through the same grounding and checks as any reading. Real HTTP to the fake server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFocus } from '../../../extractors/analyse.ts';
import { extractWithLlm, memoryLedger } from '../../../extractors/llm/index.ts';
import { chooseCandidates, scoredCandidates } from '../../../extractors/mentions/index.ts';
import { shippedScorer } from '../../../extractors/mentions/scorer.ts';
import { readDocument } from '../../../extractors/reading.ts';
import { splitSentences } from '../../../extractors/rules/from-text.ts';
import type { Block, ParsedDocument } from '../../../extractors/types.ts';
import { verifyCandidates } from '../../../extractors/verify/index.ts';
import { answer, FakeOpenAIServer } from './fake-openai-server.ts';
import { groupAnswer, quoteSent } from './scripted-answers.ts';
import { testClient } from './support.ts';

// What the rules settle: an annex table's rows, read by their labels in the results column.
const SURE_ROWS = [
  ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Thực hiện kỳ báo cáo'],
  ['1', 'Số phương tiện đo được kiểm định, hiệu chuẩn', 'Phương tiện', '9.215'],
  ['2', 'Số mẫu được thử nghiệm', 'Mẫu', '842'],
];
const UNREAD = 'Về sở hữu trí tuệ, Sở tổ chức 3 lớp tập huấn về nhãn hiệu tập thể cho 120 hợp tác xã và cơ sở sản xuất.';

function docOf(texts: (string | string[][])[]): ParsedDocument {
  const blocks: Block[] = texts.map((text) =>
    typeof text === 'string'
      ? { kind: /^(?:[IVX]+|\d+)\.\s/.test(text) ? 'heading' : 'paragraph', page: 1, text }
      : { kind: 'table', page: 1, rows: text, text: text.map((r) => r.join(' | ')).join('\n') },
  );
  return { mediaType: 'application/pdf', warnings: [], pages: [{ number: 1, source: 'text', blocks }] };
}

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(async () => {
  await server?.close();
});

describe('llm.ask unsettled (the default)', () => {
  const doc = docOf(['I. KẾT QUẢ ĐẠT ĐƯỢC', '1. Sở hữu trí tuệ', UNREAD, 'PHỤ LỤC SỐ LIỆU', SURE_ROWS]);
  const reading = readDocument(doc, { province: '48' });
  const scored = scoredCandidates(reading);
  const settled = chooseCandidates(scored).filter((c) => c.confidence >= shippedScorer().threshold);

  it('reads the annex rows surely: what this test relies on', () => {
    expect(settled.map((c) => `${c.indicator}=${c.value}`).sort()).toEqual(['TD01=9215', 'TD02=842']);
  });

  it('sends the sentence the rules could not read, and none of the rows they settled; a settled group is not asked', async () => {
    server.reset(() => answer(groupAnswer('so_huu_tri_tue', [])));
    const client = testClient(server.url, { ask: 'unsettled' });
    const llm = await extractWithLlm(doc, { client, ledger: memoryLedger(), documentSha256: 'u'.repeat(64), focus: modelFocus(reading, scored) });
    expect(server.requests.map((r) => r.group)).toEqual(['so_huu_tri_tue']);
    expect(server.requests.every((r) => !r.documentText.includes('9.215') && !r.documentText.includes('842'))).toBe(true);
    expect(quoteSent(server.requests[0]!, UNREAD)).toBe(true);
    expect(llm.groups.map((g) => g.group)).toEqual(['so_huu_tri_tue']);
  });

  it('holds what the model reads of it to the same grounding: a count read from the sentence is kept, a made-up one flagged', async () => {
    server.reset((request) =>
      answer(
        groupAnswer(request.group ?? '', [
          { indicator: 'SH05', value: '120', unit: 'lượt', qualifier: null, quote: splitSentences(UNREAD)[0]!.text, page: 1, confidence: 0.9 },
          {
            indicator: 'SH02',
            value: '15',
            unit: 'văn bằng',
            qualifier: null,
            quote: 'Cục Sở hữu trí tuệ cấp 15 văn bằng bảo hộ cho tỉnh.',
            page: 1,
            confidence: 0.95,
          },
        ]),
      ),
    );
    const client = testClient(server.url, { ask: 'unsettled' });
    const llm = await extractWithLlm(doc, { client, ledger: memoryLedger(), documentSha256: 'v'.repeat(64), focus: modelFocus(reading, scored) });
    const values = new Map(verifyCandidates([...chooseCandidates(scored), ...llm.candidates], doc).map((v) => [v.indicator, v]));
    expect(values.get('TD01')).toMatchObject({ value: '9215', extractor: 'rules', status: 'auto_accepted' });
    expect(values.get('SH05')).toMatchObject({ value: '120', extractor: 'llm' });
    expect(values.get('SH05')!.reasons).not.toContain('ungrounded');
    expect(values.get('SH02')).toMatchObject({ value: '15', status: 'flagged' });
    expect(values.get('SH02')!.reasons).toContain('ungrounded');
  });

  it('with llm.ask all, every group naming its subject is asked, as before', async () => {
    server.reset((request) => answer(groupAnswer(request.group ?? '', [])));
    const client = testClient(server.url, { ask: 'all' });
    await extractWithLlm(doc, { client, ledger: memoryLedger(), documentSha256: 'w'.repeat(64) });
    expect(server.requests.map((r) => r.group).sort()).toEqual(['so_huu_tri_tue', 'tieu_chuan_do_luong']);
  });
});
