// Text folded for rule matching: lower case, one spelling per variant the reports use
// (KH&CN / KHCN / KH-CN, tỷ / tỉ, old and new tone placement), single spaces.
// Only used to test patterns; evidence and offsets always come from the original text.

/** A whole-word pattern: JavaScript's \b only knows ASCII letters, Vietnamese needs \p{L}. */
export function word(source: string, flags = 'u'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags.includes('u') ? flags : `${flags}u`);
}

const VARIANTS: [RegExp, string][] = [
  [word('kh\\s*(?:&|và|-)\\s*cn', 'gu'), 'khcn'],
  [word('đmst', 'gu'), 'đổi mới sáng tạo'],
  [word('shtt', 'gu'), 'sở hữu trí tuệ'],
  [word('atbx', 'gu'), 'an toàn bức xạ'],
  [word('nsnn', 'gu'), 'ngân sách nhà nước'],
  [word('tỉ', 'gu'), 'tỷ'],
  [word('tỉ lệ', 'gu'), 'tỷ lệ'],
  [/luỹ/gu, 'lũy'],
  [/hoá/gu, 'hóa'],
  [/hoà/gu, 'hòa'],
  [/thuỷ/gu, 'thủy'],
  [/uỷ/gu, 'ủy'],
  [/quí/gu, 'quý'],
];

export function foldForMatching(text: string): string {
  let folded = text.normalize('NFC').toLowerCase();
  for (const [pattern, replacement] of VARIANTS) folded = folded.replace(pattern, replacement);
  return folded.replace(/\s+/g, ' ').trim();
}
