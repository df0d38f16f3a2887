import { describe, expect, it } from 'vitest';
import { pdfFileName } from './ceremonyModel';

describe('pdfFileName', () => {
  it('keeps letters, digits and dashes, without accents, ending in .pdf', () => {
    expect(pdfFileName('PV', 'EL AMRANI Aïcha', 'CASA-2026-K7QX3-0042')).toBe(
      'PV-EL-AMRANI-Aicha-CASA-2026-K7QX3-0042.pdf',
    );
    expect(pdfFileName('Récapitulatif', '2026-12-10')).toBe('Recapitulatif-2026-12-10.pdf');
    expect(pdfFileName('محمد')).toBe('document.pdf');
    expect(pdfFileName('a/b\\c:d*e')).toBe('a-b-c-d-e.pdf');
  });
});
