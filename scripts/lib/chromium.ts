/**
 * Headless Chromium through playwright-core, with the Debian build (`apt-get install
 * chromium`). playwright-core ships no browser and must not download one.
 */
import { existsSync } from 'fs';

import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags that work on this project's machines (no GPU, no sandbox as root, no network).
 * playwright adds `--headless` and a fresh temporary `--user-data-dir` itself.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/** Throws a message that says how to install Chromium when it is missing. */
export function assertChromiumInstalled(executablePath: string = chromiumPath()): void {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with ` +
        "`apt-get update && apt-get install -y chromium` (Debian; CI's .ci/run does this), " +
        'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
}

/** Launches headless Chromium (fresh temporary profile, removed again by `browser.close()`). */
export async function launchChromium(options: { executablePath?: string } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? chromiumPath();
  assertChromiumInstalled(executablePath);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
