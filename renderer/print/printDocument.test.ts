import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { escapeHtml, printDocument } from './printDocument';

const body = createElement('p', { title: '"><img src=x>' }, 'محمد <script>alert(1)</script> & fils');

describe('printDocument', () => {
  it('is a complete document in the language and direction asked', () => {
    const arabic = printDocument({ language: 'ar', title: 'محضر التسليم', body });
    expect(arabic.startsWith('<!doctype html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(arabic).toContain('<title>محضر التسليم</title>');
    expect(arabic).toContain("html { font-family: 'Noto Sans Arabic', 'Noto Sans', sans-serif; }");
    const french = printDocument({ language: 'fr', title: 'Reçu', body });
    expect(french).toContain('<html lang="fr" dir="ltr">');
    expect(french).toContain("html { font-family: 'Noto Sans', 'Noto Sans Arabic', sans-serif; }");
  });

  it('carries its four fonts inlined, and nothing it would have to fetch', () => {
    const html = printDocument({ language: 'fr', title: 'Reçu', body });
    const faces = [
      ...html.matchAll(
        /@font-face \{ font-family: '([^']+)'; font-style: normal; font-weight: (\d+);[^}]*src: url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g,
      ),
    ];
    expect(faces.map(([, family, weight]) => `${family} ${weight}`)).toEqual([
      'Noto Sans 400',
      'Noto Sans 700',
      'Noto Sans Arabic 400',
      'Noto Sans Arabic 700',
    ]);
    for (const [, , , data = ''] of faces) expect(atob(data.slice(0, 8)).startsWith('wOF2')).toBe(true);
    expect(html).not.toMatch(/(https?|file):/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`,
    );
  });

  it('escapes the title and every text and attribute of the body', () => {
    const html = printDocument({ language: 'fr', title: 'Reçu </title><script>', body });
    expect(html).toContain('<title>Reçu &lt;/title&gt;&lt;script&gt;</title>');
    expect(html).toContain(
      '<p title="&quot;&gt;&lt;img src=x&gt;">محمد &lt;script&gt;alert(1)&lt;/script&gt; &amp; fils</p>',
    );
    expect(html).not.toContain('<script');
  });

  it('keeps a template css inside its <style> element', () => {
    const html = printDocument({
      language: 'fr',
      title: 'Reçu',
      body,
      css: 'p::after { content: "</style><script>" }',
    });
    // Raw text inside <style> is harmless as long as it cannot close the element.
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).toContain('p::after { content: "<\\/style><script>" }\n</style>');
  });

  it('offers escapeHtml to templates that build strings', () => {
    expect(escapeHtml('<b>')).toBe('&lt;b&gt;');
  });
});
