import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

/** Flags for a closed network: no background traffic, no QUIC, no sandbox as root. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PHONE = { width: 360, height: 740 } as const;
export const LAPTOP = { width: 1366, height: 768 } as const;
export const SCREEN = { width: 1920, height: 1080 } as const;

export type LaunchedBrowser = { browser: Browser; pid: number | undefined; close: () => Promise<void> };

/**
 * Headless Debian Chromium with its own fresh profile; `close` ends it, and its process by PID.
 * `extraArgs` are added to the usual flags (e.g. a fake camera for the video tests).
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error('Browser tests need /usr/bin/chromium: apt-get install -y chromium');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs] });
  const pid = (browser as Browser & { process?: () => { pid?: number } }).process?.()?.pid;
  return {
    browser,
    pid,
    close: async () => {
      await browser.close().catch(() => undefined);
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone: browser.close() ended it.
        }
      }
    },
  };
}

export async function newDevice(browser: Browser, viewport: { width: number; height: number }, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  const page = await context.newPage();
  return { context, page };
}

/** Saved under test/artifacts/ (git-ignored), to be looked at: a page that renders wrong is a failing page. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Scrolls the part that matters into view, lets finite transitions end (a result bar still
 * growing is not what the hall sees), and takes a viewport-sized screenshot. Endless animations,
 * such as the overtime flash, are left running.
 */
export async function shoot(page: Page, name: string, focus?: Locator): Promise<void> {
  if (focus) await focus.scrollIntoViewIfNeeded();
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity),
  );
  await screenshot(page, name);
}
