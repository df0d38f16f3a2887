/**
 * The browser host's printing (`print:pdf`): the document in a hidden iframe of the page, the
 * browser's print dialog on it once its fonts are ready, then the iframe removed. The dialog offers
 * the printers and "Save as PDF"; the page is not told which the user chose, nor whether they
 * cancelled. Counterpart on the desktop: `electron/print/printService.ts`.
 *
 * The iframe is `srcdoc` (nothing fetched, same origin so that this page can wait for its fonts
 * and call `print()`). Its sandbox must allow scripts: Chromium counts the page's call to the
 * frame's `print()` as script in the frame and blocks it otherwise (measured in the e2e ceremony
 * test: "Blocked script execution in 'about:srcdoc'", and no dialog). The document still runs
 * none of its own: its Content-Security-Policy is `default-src 'none'` (printDocument.ts), and
 * React escaped every text in it. Both the renderer's Content-Security-Policy
 * (`font-src data:`, shared/security) and the document's own allow its inlined fonts.
 * Self-contained on purpose (no imports, no outer variables): the tests run it in Chromium as is.
 */
export type PrintFrame = (frame: Window) => void;

export async function printHtmlInIframe(
  html: string,
  printFrame: PrintFrame = (frame) => {
    frame.print();
  },
): Promise<void> {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-same-origin allow-modals allow-scripts');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  // Out of sight but laid out (a `display: none` frame loads no fonts), A4's width at 96 dpi.
  iframe.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 794px; height: 1123px; border: 0;';
  const isLoaded = new Promise<void>((resolve) => {
    iframe.addEventListener(
      'load',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  iframe.srcdoc = html;
  document.body.append(iframe);
  try {
    await isLoaded;
    const frame = iframe.contentWindow;
    const frameDocument = iframe.contentDocument;
    if (frame === null || frameDocument === null) throw new Error('The print frame has no document');
    // Lay the document out first: fonts start loading only once text needs them.
    frameDocument.documentElement.getBoundingClientRect();
    await frameDocument.fonts.ready;
    // Blocks until the dialog closes in Chromium and Firefox, which print a copy of the document.
    printFrame(frame);
  } finally {
    iframe.remove();
  }
}
