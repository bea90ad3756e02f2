// Token estimates, for measuring what routing saves before any request is sent. No tokenizer
// ships with the project: the estimate follows how BPE tokenizers of the o200k kind cut text
// (a common English word is one token, a Vietnamese syllable with diacritics
// one or two, digits in runs of three, punctuation in pairs). It is within a few tens of
// percent of a real count; routed and whole prompts are estimated the same way, so their
// ratio is what it says.

/** Estimated tokens of a text. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const m of text.normalize('NFC').matchAll(/[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]+/gu)) {
    const piece = m[0];
    if (/^\p{N}/u.test(piece)) tokens += Math.ceil(piece.length / 3);
    else if (/^[\p{L}\p{M}]/u.test(piece)) tokens += /^[\x00-\x7f]+$/.test(piece) ? Math.ceil(piece.length / 6) : Math.ceil(piece.length / 3);
    // Punctuation runs merge in pairs ('":', '},', '",'), as common sequences do in BPE vocabularies.
    else tokens += Math.ceil(piece.length / 2);
  }
  return tokens;
}

/** Per-message overhead of the chat format (role markers), as the OpenAI cookbook counts it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateMessagesTokens(messages: { content: string }[]): number {
  return messages.reduce((n, m) => n + MESSAGE_OVERHEAD_TOKENS + estimateTokens(m.content), 3);
}
