/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core, started
 * with the flags that keep it off the network. Tests skip with a message when it is not installed
 * (scripts/install-system-deps.sh installs it).
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.XTAL_CHROMIUM ?? '/usr/bin/chromium';

/** The `skip` option for node:test: a message when Chromium is missing, false otherwise. */
export function skipUnlessChromium(): string | false {
  return existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (run scripts/install-system-deps.sh)`;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
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
