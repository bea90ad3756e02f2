// Why a file could not be turned into a ParsedDocument, in words a ministry analyst understands.
// The code is what programs branch on; the message is what the person who uploaded the file reads.
import { CodedError, isCodedError } from '../../shared/coded-error.ts';

export type DocumentErrorCode = 'empty' | 'unsupported_type' | 'encrypted' | 'corrupt' | 'too_large' | 'no_text';

export class DocumentError extends CodedError<DocumentErrorCode> {
  override readonly name = 'DocumentError';
}

/** Helper for tests and callers: is this a DocumentError (optionally with this code)? */
export function isDocumentError(error: unknown, code?: DocumentErrorCode): error is DocumentError {
  return isCodedError(DocumentError, error, code);
}
