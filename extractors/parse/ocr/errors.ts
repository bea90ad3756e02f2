// Why OCR could not read a page or an image. The code is what programs branch on; the message says
// in plain words what happened (and, for missing language data, what to install).
import { CodedError, isCodedError } from '../../../shared/coded-error.ts';

export type OcrErrorCode =
  /** A language's traineddata file is not where the engine looks for it (nothing was started). */
  | 'language_data_missing'
  /** A page took longer than the engine's page timeout; its worker was replaced. */
  | 'timeout'
  /** The bytes are not a readable PNG/JPEG/TIFF image (empty, cut short, damaged, absurdly large). */
  | 'bad_image'
  /** A page over a budget of the document (limits.maxPageContentBytes, limits.maxDecodedPixels): not drawn nor read. */
  | 'too_large'
  /** Anything else: a worker that died or did not start, a page that could not be rendered, a closed engine. */
  | 'failed';

export class OcrError extends CodedError<OcrErrorCode> {
  override readonly name = 'OcrError';
}

export function isOcrError(error: unknown, code?: OcrErrorCode): error is OcrError {
  return isCodedError(OcrError, error, code);
}

/** A one-line reason from anything thrown (tesseract.js rejects with plain strings). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  return message.replace(/\s+/g, ' ').trim() || 'unknown error';
}
