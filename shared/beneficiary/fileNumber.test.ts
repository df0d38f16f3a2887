import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileNumberPrefix, formatFileNumber, isFileCode, newFileCode, parseFileNumber } from './fileNumber';

describe('file numbers', () => {
  it('formats and parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 2000, max: 2999 }), (counter, year) => {
        const code = newFileCode();
        const text = formatFileNumber('CASA', year, code, counter);
        expect(parseFileNumber(text)).toEqual({ prefix: 'CASA', year, code, counter });
      }),
    );
  });

  it('pads the counter to four digits', () => {
    expect(formatFileNumber('casa-anfa', 2026, 'K7QX3', 42)).toBe('CASAANFA-2026-K7QX3-0042');
  });

  it('turns any centre code into a plain prefix', () => {
    expect(fileNumberPrefix('Tanger-Tétouan')).toBe('TANGERTETOUA');
    expect(fileNumberPrefix('مركز')).toBe('CAPC');
  });

  it('draws codes from the Crockford alphabet only', () => {
    for (let index = 0; index < 200; index += 1) expect(isFileCode(newFileCode())).toBe(true);
    expect(isFileCode('K7QI3')).toBe(false);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'CASA-26-K7QX3-0042', 'CASA-2026-K7QX-0042', 'casa-2026-K7QX3-0042', 'CASA-2026-K7QX3-42'])
      expect(parseFileNumber(text)).toBeNull();
  });
});
