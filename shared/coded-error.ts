/**
 * An error with a code beside its sentence: the code is what programs branch on, the message is
 * what a person reads. Subclasses name themselves (`override readonly name = 'OcrError'`), since
 * the name is what survives a trip through Temporal (an ApplicationFailure's type).
 */
export abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `error` is a `kind` (optionally with this code). */
export function isCodedError<E extends CodedError<string>>(kind: abstract new (...args: never[]) => E, error: unknown, code?: E['code']): error is E {
  return error instanceof kind && (code === undefined || error.code === code);
}
