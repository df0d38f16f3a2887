/**
 * The Content-Security-Policy of the renderer, one string for both hosts: the Electron custom
 * protocol and the central server send it with every renderer document. Scripts come only from
 * the app itself; inline styles are allowed because Mantine writes its CSS variables in a
 * <style> element. Nothing may frame Masar, and no plugin or <base> may load. Fonts may also be
 * data URLs: a printed document carries its fonts inlined, and the browser host prints it in a
 * `srcdoc` iframe, which inherits this policy (`frame-src` does not block a srcdoc frame; measured
 * in Chromium, where `font-src 'self'` alone left the document's fonts unloaded).
 */
export const rendererContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
