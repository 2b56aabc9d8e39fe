/** Debian's chromium, driven by playwright-core, for the browser tests (`.ci/run` installs it). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Whether the browser tests run: chromium is here, or CI says it must be. */
export const BROWSER_AVAILABLE = existsSync(CHROMIUM) || Boolean(process.env['ONERWAY_SIM_REQUIRE_BROWSER']);

/** Launches Debian's chromium headless, with nothing reaching for the network. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
