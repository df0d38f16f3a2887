import { describe, expect, it } from 'vitest';
import { auditCsv, csvByteOrderMark, csvCell, neutraliseFormula, toCsv } from './auditCsv';
import type { CsvEntry } from './auditCsv';

describe('the audit as CSV for French Excel', () => {
  it('starts with a byte-order mark, separates cells with ";" and ends lines with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe(`${csvByteOrderMark}a;b\r\nc;d\r\n`);
  });

  it('quotes a cell holding a separator, a quote or a line break, doubling its quotes', () => {
    expect(csvCell('Tazi; Youssef')).toBe('"Tazi; Youssef"');
    expect(csvCell('{"a":"b"}')).toBe('"{""a"":""b""}"');
    expect(csvCell('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvCell('PC accueil, Aïn Sebaâ')).toBe('PC accueil, Aïn Sebaâ');
  });

  it('keeps a cell that begins like a formula as text', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+33', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(csvCell('=1;2')).toBe(`"'=1;2"`);
  });

  it('writes one line per entry with the names known for its ids, headers in the language asked', () => {
    const entry: CsvEntry = {
      seq: 7,
      at: '2026-03-10T09:00:00.000Z',
      type: 'consultation',
      kind: 'consultation',
      outcome: 'ok',
      actorUserId: 'u1',
      subjectUserId: null,
      deviceId: 'd1',
      username: null,
      detail: { what: 'detention' },
      beneficiaryIds: ['p1', 'p2'],
      hash: 'f'.repeat(64),
    };
    const names = {
      users: { u1: { displayName: 'Nadia Berrada', username: 'nadia' } },
      devices: { d1: '@PC accueil' },
      persons: { p1: { id: 'p1', fileNumber: 'CASA-2026-K7QX3-0042', latinName: 'Tazi Youssef', arabicName: '' } },
    };
    const [header, line] = auditCsv([entry], names, 'ar').slice(1).split('\r\n');
    expect(header?.split(';')).toHaveLength(15);
    expect(header?.startsWith('الرقم;')).toBe(true);
    expect(line?.split(';')).toEqual([
      '7',
      '2026-03-10T09:00:00.000Z',
      'consultation',
      'consultation',
      'ok',
      'Nadia Berrada',
      'u1',
      '',
      '',
      "'@PC accueil",
      'd1',
      'CASA-2026-K7QX3-0042',
      'p1 p2',
      '"{""what"":""detention""}"',
      'f'.repeat(64),
    ]);
  });
});
