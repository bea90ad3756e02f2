// The shared leaf: each helper as every layer relies on it.
import { describe, expect, it } from 'vitest';
import { isOcrError, OcrError } from '../../extractors/parse/ocr/errors.ts';
import { DocumentError, isDocumentError } from '../../extractors/parse/errors.ts';
import { CodedError } from '../../shared/coded-error.ts';
import { stripDiacritics } from '../../shared/diacritics.ts';
import { formatVi } from '../../shared/format-vi.ts';
import { formatSize } from '../../shared/size.ts';

describe('formatSize', () => {
  it('writes one decimal, as document limits are worded', () => {
    expect(formatSize(900)).toBe('900 bytes');
    expect(formatSize(16 * 1024)).toBe('16.0 KiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(40 * 1024 * 1024)).toBe('40.0 MiB');
    expect(formatSize(3 * 1024 ** 3)).toBe('3.0 GiB');
  });

  it('writes the decimal with a comma on Vietnamese pages', () => {
    expect(formatSize(295_014, { locale: 'vi' })).toBe('288,1 KiB');
    expect(formatSize(900, { locale: 'vi' })).toBe('900 byte');
    expect(formatSize(10 * 1024 * 1024, { wholeUnits: true, locale: 'vi' })).toBe('10 MiB');
    expect(formatSize(1536, { wholeUnits: true, locale: 'vi' })).toBe('1,5 KiB');
  });

  it('writes whole units without the decimal when asked, as download limits are worded', () => {
    expect(formatSize(50 * 1024 * 1024, { wholeUnits: true })).toBe('50 MiB');
    expect(formatSize(1536, { wholeUnits: true })).toBe('1.5 KiB');
    expect(formatSize(2 * 1024 ** 3, { wholeUnits: true })).toBe('2 GiB');
    expect(formatSize(900, { wholeUnits: true })).toBe('900 bytes');
  });
});

describe('stripDiacritics', () => {
  it('drops tone marks and hats, makes đ d and Đ D, and keeps the case', () => {
    expect(stripDiacritics('Đề tài cấp tỉnh đã nghiệm thu')).toBe('De tai cap tinh da nghiem thu');
    expect(stripDiacritics('QUYẾT ĐỊNH')).toBe('QUYET DINH');
  });
});

describe('formatVi', () => {
  it('writes a numeric string the Vietnamese way, exactly', () => {
    expect(formatVi('14200.5')).toBe('14.200,5');
    expect(formatVi('12345678901234567.25')).toBe('12.345.678.901.234.567,25');
  });
});

describe('CodedError', () => {
  it('carries the code beside the sentence, under the name of its kind', () => {
    const cause = new Error('inflate failed');
    const document = new DocumentError('corrupt', 'Word document is damaged', { cause });
    const ocr = new OcrError('timeout', 'page 3 took too long');
    for (const error of [document, ocr]) expect(error).toBeInstanceOf(CodedError);
    expect({ name: document.name, code: document.code, message: document.message, cause: document.cause }).toEqual({
      name: 'DocumentError',
      code: 'corrupt',
      message: 'Word document is damaged',
      cause,
    });
    expect({ name: ocr.name, code: ocr.code }).toEqual({ name: 'OcrError', code: 'timeout' });
    expect([isDocumentError(document, 'corrupt'), isDocumentError(document, 'empty'), isDocumentError(ocr), isOcrError(ocr, 'timeout')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });
});
