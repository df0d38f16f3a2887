/**
 * How Masar's tests and benchmarks launch Chromium: Debian's package (Playwright cannot download
 * its own browsers here), with the flags the toolchain notes measured to work. One place for
 * playwright.config.ts and bench/.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ],
};
