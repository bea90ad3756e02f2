// Why a file could not be turned into a ParsedDocument, in words a ministry analyst understands.
// The code is what programs branch on; the message is what the person who uploaded the file reads.

export type DocumentErrorCode =
  | 'empty'
  | 'unsupported_type'
  | 'encrypted'
  | 'corrupt'
  | 'too_large'
  | 'no_text';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  readonly code: DocumentErrorCode;

  constructor(code: DocumentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Helper for tests and callers: is this a DocumentError (optionally with this code)? */
export function isDocumentError(error: unknown, code?: DocumentErrorCode): error is DocumentError {
  return error instanceof DocumentError && (code === undefined || error.code === code);
}
