/**
 * Hands a text file to the browser's download (the CSV export). The desktop host has no save-file
 * channel yet (its contract has `print:pdf` only): there the same download goes to Chromium inside
 * Electron, which asks where to save it — see docs/architecture.md, "Audit".
 */
export function downloadText(fileName: string, text: string, type: string): void {
  // A Blob of a JS string is UTF-8: the CSV's byte-order mark (U+FEFF) becomes EF BB BF.
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by then; freed later rather than at once (Chromium
  // reads the Blob asynchronously).
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
