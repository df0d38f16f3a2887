import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml';
import { pageCss, printPage, toElectronPdfOptions, toPlaywrightPdfOptions } from './pdfOptions';

const fontFamily = "'Noto Sans', sans-serif";

describe('the printed page', () => {
  it('is A4 portrait with 15 mm margins, backgrounds printed', () => {
    expect(printPage).toEqual({
      format: 'A4',
      isLandscape: false,
      marginsMm: { top: 15, right: 15, bottom: 15, left: 15 },
      printBackground: true,
    });
    const css = pageCss({ header: '', fontFamily });
    expect(css).toContain('size: A4 portrait;');
    expect(css).toContain('margin: 15mm 15mm 15mm 15mm;');
  });

  it('gives Playwright the same page as Electron, in its own units', () => {
    expect(toPlaywrightPdfOptions()).toEqual({
      format: 'A4',
      landscape: false,
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' },
      displayHeaderFooter: false,
      preferCSSPageSize: false,
    });
    const inches = toElectronPdfOptions().margins;
    expect(inches.top * 25.4).toBeCloseTo(15);
    expect(inches.left * 25.4).toBeCloseTo(15);
  });

  it('numbers every page "page / pages", left to right in both languages, in the document fonts', () => {
    const css = pageCss({ header: '', fontFamily });
    expect(css).toContain('@bottom-center { content: counter(page) " / " counter(pages); direction: ltr;');
    expect(css).toContain(`font-family: ${fontFamily};`);
    expect(css).not.toContain('@top-center');
  });

  it('writes the header as a CSS string that nothing in it can end', () => {
    const css = pageCss({ header: 'Reçu "n° 7" \\ </style><script>x</script>\nمؤسسة', fontFamily });
    expect(css).toContain(
      '@top-center { content: "Reçu \\22 n° 7\\22  \\5c  \\3c /style\\3e \\3c script\\3e x\\3c /script\\3e  مؤسسة";',
    );
    expect(css).not.toContain('<');
  });
});

describe('escapeHtml', () => {
  it('escapes what could open a tag, an entity or end an attribute', () => {
    expect(escapeHtml(`<b title="x">Benali & fils</b> l'atelier`)).toBe(
      '&lt;b title=&quot;x&quot;&gt;Benali &amp; fils&lt;/b&gt; l&#39;atelier',
    );
    expect(escapeHtml('محمد بنعلي')).toBe('محمد بنعلي');
  });
});
