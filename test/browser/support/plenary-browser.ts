import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPlenary, type TestServer } from '../../support/plenary.ts';
import { launchChromium, newDevice, type LaunchedBrowser } from './chromium.ts';

export const EVENT_ID = 'acsh-2023';
export const AUDIENCE_CODE = 'ACSH23';

/** A port nobody listens on now: the server must know its own URL, which is the browser's origin. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The real server with the demo event, for a whole test file. Browsers send an Origin header
 * that the socket server checks against PUBLIC_URL, so the server is told the address the
 * browsers will use (port 0 would leave it believing it is http://localhost:0).
 */
export async function startPlenaryForBrowsers(env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  return startPlenary({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, { lifetime: 'file' });
}

/**
 * The server and one Chromium for a whole test file, started before its tests; the browser (and
 * every context in it) is closed after them, its process ended by PID. Read the fields inside tests.
 */
export function serverAndBrowser(): { plenary: TestServer; browser: Browser } {
  let plenary: TestServer | undefined;
  let launched: LaunchedBrowser | undefined;
  beforeAll(async () => {
    plenary = await startPlenaryForBrowsers();
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get plenary() {
      if (!plenary) throw new Error('the server starts in beforeAll');
      return plenary;
    },
    get browser() {
      if (!launched) throw new Error('the browser starts in beforeAll');
      return launched.browser;
    },
  };
}

/** One person's browser context and page, with everything that must never happen recorded. */
export type Device = {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Messages of alert/confirm/prompt dialogs: user text run as script would show here. */
  dialogs: string[];
  /** Uncaught exceptions in the page. */
  errors: string[];
};

export async function openDevice(browser: Browser, name: string, viewport: { width: number; height: number }): Promise<Device> {
  const { context, page } = await newDevice(browser, viewport);
  const device: Device = { name, context, page, dialogs: [], errors: [] };
  page.on('dialog', (dialog) => {
    device.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => device.errors.push(String(error)));
  return device;
}

/** On a phone the room shows one section at a time (docs/CLIENT.md): tap the one the next step needs. Wider, all show and this does nothing. */
export async function showSection(page: Page, name: 'polls' | 'questions' | 'speakers'): Promise<void> {
  const tab = page.getByTestId(`section-${name}`);
  if (await tab.count()) await tab.click();
}

export type Profile = { name: string; organisation?: string; country?: string };

async function fillProfile(page: Page, profile: Profile): Promise<void> {
  await page.getByTestId('join-name').fill(profile.name);
  if (profile.organisation) await page.getByTestId('join-organisation').fill(profile.organisation);
  if (profile.country) await page.getByTestId('join-country').fill(profile.country);
}

/** The audience's way in: the code shown in the hall. Ends on the agenda. */
export async function joinWithCode(page: Page, baseUrl: string, profile: Profile, beforeSubmit?: () => Promise<void>): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('join-code').fill(AUDIENCE_CODE);
  await page.getByTestId('join-event').getByText('Meritocracy', { exact: false }).waitFor();
  await fillProfile(page, profile);
  await beforeSubmit?.();
  await page.getByTestId('join-submit').click();
  await page.getByTestId('event-title').waitFor();
}

/** Everyone else's: an invite link that carries the role. Ends on the agenda. */
export async function joinWithInvite(page: Page, baseUrl: string, secret: string, profile: Profile): Promise<void> {
  await page.goto(`${baseUrl}/join/${secret}`);
  await fillProfile(page, profile);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('event-title').waitFor();
}

/** A screen: its display invite needs no form and goes straight to `screenPath`. */
export async function openScreen(page: Page, baseUrl: string, secret: string, screenPath: string): Promise<void> {
  await page.goto(`${baseUrl}/join/${secret}?next=${encodeURIComponent(screenPath)}`);
  await page.waitForURL(`${baseUrl}${screenPath}`);
}

/** "9:58" → 598, "1:02:03" → 3723, "+0:04" (overtime) → −4. */
export function clockSeconds(text: string): number {
  const match = /^(\+)?(?:(\d+):)?(\d+):(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not a clock: ${JSON.stringify(text)}`);
  const [, overtime, hours, minutes, seconds] = match;
  const total = Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  return overtime ? -total : total;
}
