import { describe, expect, it } from 'vitest';
import { displayPhone, isStoredPhone, readPhone } from './phone';

describe('Moroccan phone numbers', () => {
  it('reads what counsellors type and stores E.164', () => {
    for (const typed of ['06 12 34 56 78', '0612345678', '+212 6 12 34 56 78', '00212612345678', ' 06-12-34-56-78 '])
      expect(readPhone(typed)).toEqual({ ok: true, value: '+212612345678' });
    expect(readPhone('0712345678')).toEqual({ ok: true, value: '+212712345678' });
    expect(readPhone('0522 12 34 56')).toEqual({ ok: true, value: '+212522123456' });
  });

  it('refuses what cannot be a number', () => {
    for (const typed of ['0612', '06 12 34 56 7', '123', 'abc', '', '0012345678901234'])
      expect(readPhone(typed)).toEqual({ ok: false, error: 'errors.phoneInvalid' });
  });

  it('shows a Moroccan number in pairs, a foreign one internationally', () => {
    expect(displayPhone('+212612345678')).toBe('06 12 34 56 78');
    expect(displayPhone('+33612345678')).toBe('+33 6 12 34 56 78');
  });

  it('accepts on the server only valid E.164 numbers', () => {
    expect(isStoredPhone('+212612345678')).toBe(true);
    expect(isStoredPhone('0612345678')).toBe(false);
    expect(isStoredPhone('+2126123')).toBe(false);
  });
});
