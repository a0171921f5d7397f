import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

/** The flags the tests need on a closed network (background services would only fail and retry). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium, or an error that says how to install it (Playwright's own download is not used). */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error('No Chromium found at /usr/bin/chromium. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).');
  }
  return found;
}

/** Launches headless Chromium through Playwright with Debian's binary. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}
