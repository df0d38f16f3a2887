/**
 * The browser host's printing in real Chromium: a page under the renderer's real
 * Content-Security-Policy prints a `printDocument` through `printHtmlInIframe`. The print dialog
 * cannot be driven headless, so the test hands in its own `printFrame` and records what the dialog
 * would have printed.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { createElement } from 'react';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { printDocument } from '../../renderer/print/printDocument';
import { printHtmlInIframe } from '../../renderer/host/printInIframe';
import { rendererContentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { chromiumLaunchOptions } from '../support/chromium';
import { SampleDocument, sampleHeader } from './sampleDocument';

const appUrl = 'http://masar.test/';

let browser: Browser;
let page: Page;
const consoleMessages: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions);
  page = await browser.newPage();
  page.on('console', (message) => consoleMessages.push(message.text()));
  // The renderer's page as both hosts serve it: same policy header, nothing else reachable.
  await page.route('**/*', (route) =>
    route.request().url() === appUrl
      ? route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': rendererContentSecurityPolicy },
          body: '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Masar</title></head><body></body></html>',
        })
      : route.abort(),
  );
  await page.goto(appUrl);
});

afterAll(async () => {
  await browser.close();
});

type AtPrint = { fonts: string[]; direction: string; text: string; frames: number };

it('prints the document in a hidden iframe once its fonts are loaded, then removes the iframe', async () => {
  const html = printDocument({
    language: 'ar',
    title: 'محضر التسليم',
    header: sampleHeader,
    body: createElement(SampleDocument, { language: 'ar' }),
  });
  // A string expression: the page's policy forbids eval, the DevTools protocol is not bound by it.
  const atPrint = await page.evaluate<{ seen: AtPrint[]; framesAfter: number }>(`(async () => {
    const seen = [];
    await (${printHtmlInIframe.toString()})(${JSON.stringify(html)}, (frame) => {
      seen.push({
        fonts: [...frame.document.fonts].map((font) => font.family + ' ' + font.weight + ' ' + font.status).sort(),
        direction: frame.document.documentElement.dir,
        text: frame.document.body.textContent,
        frames: document.querySelectorAll('iframe').length,
      });
    });
    return { seen, framesAfter: document.querySelectorAll('iframe').length };
  })()`);

  expect(atPrint.seen).toHaveLength(1);
  const [printed] = atPrint.seen;
  expect(printed?.fonts).toEqual([
    'Noto Sans 400 loaded',
    'Noto Sans 700 loaded',
    'Noto Sans Arabic 400 loaded',
    'Noto Sans Arabic 700 loaded',
  ]);
  expect(printed?.direction).toBe('rtl');
  expect(printed?.text).toContain('محمد بنعلي');
  expect(printed?.frames).toBe(1);
  expect(atPrint.framesAfter).toBe(0);
  expect(consoleMessages.filter((message) => /Content Security Policy|Refused to/i.test(message))).toEqual([]);
});
