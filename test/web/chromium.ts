import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, launched the way every browser suite and bench/web-ui.bench.ts run it. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling out, and this machine refuses it.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
