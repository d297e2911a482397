import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ok } from '../support/plenary.ts';
import { newDevice, PHONE, screenshot } from './support/chromium.ts';
import { AUDIENCE_CODE, EVENT_ID, serverAndBrowser } from './support/plenary-browser.ts';

/**
 * A phone's first screen on a slow hall Wi-Fi (issue 16, target 1): 400 kbit/s each way and
 * 300 ms latency, CPU not throttled, an empty cache. The join page must be usable 3 s after
 * navigation starts, and the audience room's open poll clickable 5 s after the join click.
 * These are the budgeted figures on a throttled link, so the test asserts them; the
 * figures measured are logged (docs/performance.md, "The first screen").
 */
const JOIN_USABLE_MS = 3_000;
const ROOM_INTERACTIVE_MS = 5_000;
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const QUESTION = 'Should the Hub publish a yearly merit index?';

const suite = serverAndBrowser();

async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
  return cdp;
}

/**
 * In the page, from navigation start: when the join form's name field and button first exist,
 * when the join button is pressed. Recorded by the page itself, so the test's own polling does
 * not add to the figures.
 */
function recordMoments(): void {
  const moments: Record<string, number> = {};
  (window as unknown as { moments: Record<string, number> }).moments = moments;
  new MutationObserver(() => {
    if (moments.joinUsable === undefined && document.querySelector('[data-testid="join-name"]') && document.querySelector('[data-testid="join-submit"]')) {
      moments.joinUsable = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('click', (event) => {
    if ((event.target as Element | null)?.closest?.('[data-testid="join-submit"]')) moments.joinClick ??= performance.now();
  }, true);
}

const moments = (page: Page) => page.evaluate(() => (window as unknown as { moments: Record<string, number> }).moments);

/** The requests of one page load, for a waterfall when a figure is over its budget. */
function waterfall(page: Page): () => string {
  const rows: { start: number; end: number; path: string }[] = [];
  page.on('requestfinished', (request) => {
    const timing = request.timing();
    rows.push({ start: timing.startTime, end: timing.responseEnd, path: new URL(request.url()).pathname });
  });
  return () => {
    const first = Math.min(...rows.map((row) => row.start));
    return rows.map((row) => `${Math.round(row.start - first)} ms  +${Math.round(row.end)} ms  ${row.path}`).join('\n');
  };
}

describe('the first screen on a slow hall network', () => {
  test('index.html paints the join form and a loading line before any script runs, in the reader’s language, where the app then mounts without moving it', { timeout: 90_000 }, async () => {
    const { browser, plenary } = suite;
    for (const locale of ['en-GB', 'ru-RU'] as const) {
      const { context, page } = await newDevice(browser, PHONE, locale);
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') refused.push(message.text());
      });
      let release: () => void = () => undefined;
      const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/assets/*.js', async (route) => {
        await scriptsHeld;
        await route.continue();
      });
      await page.goto(`${plenary.url}/`, { waitUntil: 'commit' });
      const shell = page.locator('.shell');
      await expect.poll(() => shell.locator('h1:visible').innerText()).toBe(locale === 'ru-RU' ? 'Вход на конференцию' : 'Join the conference');
      expect(await shell.getByRole('status').innerText()).toBe(locale === 'ru-RU' ? 'Загрузка…' : 'Loading…');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      await screenshot(page, `first-screen-01-shell-${locale.slice(0, 2)}`);
      const shellBoxes = {
        title: await shell.locator('h1:visible').boundingBox(),
        card: await shell.locator('.shell-card').boundingBox(),
        name: await shell.locator('.shell-input').nth(1).boundingBox(),
        button: await shell.locator('.shell-button').boundingBox(),
      };

      release();
      await page.getByTestId('join-name').waitFor();
      expect(await page.locator('.shell').count()).toBe(0);
      await screenshot(page, `first-screen-02-mounted-${locale.slice(0, 2)}`);
      const appBoxes = {
        title: await page.locator('h1').boundingBox(),
        card: await page.getByTestId('join-form').boundingBox(),
        name: await page.getByTestId('join-name').boundingBox(),
        button: await page.getByTestId('join-submit').boundingBox(),
      };
      for (const part of ['title', 'card', 'name', 'button'] as const) {
        expect(Math.abs((appBoxes[part]?.y ?? -99) - (shellBoxes[part]?.y ?? 99)), `${locale}: the ${part} moved on mount`).toBeLessThanOrEqual(2);
        expect(Math.abs((appBoxes[part]?.x ?? -99) - (shellBoxes[part]?.x ?? 99)), `${locale}: the ${part} moved on mount`).toBeLessThanOrEqual(2);
      }
      expect(refused, 'no script or style refused by the content security policy').toEqual([]);
      await context.close();
    }
  });

  test('on any other page the shell is the app bar and the loading line, without the join form', { timeout: 60_000 }, async () => {
    const { browser, plenary } = suite;
    const { context, page } = await newDevice(browser, PHONE);
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto(`${plenary.url}${ROOM}`, { waitUntil: 'commit' });
    const shell = page.locator('.shell');
    await expect.poll(() => shell.getByRole('status').isVisible()).toBe(true);
    expect(await shell.locator('.shell-form').first().isVisible()).toBe(false);
    await screenshot(page, 'first-screen-04-shell-room');
    await context.close();
  });

  test('join page usable ≤ 3 s from navigation start; the audience room’s open poll clickable ≤ 5 s from the join click', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const invite = await plenary.inviteFor('moderator', 'panel-1');
    const { socket: chair } = await plenary.person({ invite, name: 'Co-chair Dana' });
    await ok(chair, 'room.join', { roomId: 'panel-1' });
    await ok(chair, 'room.open', {});
    const { pollId } = await ok(chair, 'poll.create', { question: QUESTION, spec: { kind: 'single', options: ['Yes', 'No', 'Not yet'] }, settings: { resultsVisibility: 'on_reveal' } });
    await ok(chair, 'poll.open', { pollId });

    const { context, page } = await newDevice(browser, PHONE);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.addInitScript(recordMoments);
    const requests = waterfall(page);
    await throttle(page);

    // Where a room's link sends a phone that has not joined yet (useRoomPage).
    await page.goto(`${plenary.url}/?event=${EVENT_ID}&next=${encodeURIComponent(ROOM)}`, { waitUntil: 'commit' });
    await page.getByTestId('join-submit').waitFor();
    const { joinUsable = Infinity } = await moments(page);
    await page.getByTestId('join-code').fill(AUDIENCE_CODE);
    await page.getByTestId('join-name').fill('Guest on hall Wi-Fi');
    expect(await page.getByTestId('join-name').inputValue()).toBe('Guest on hall Wi-Fi');

    await page.getByTestId('join-submit').click();
    const option = page.getByTestId('poll-single').filter({ hasText: QUESTION }).getByRole('radio', { name: 'Yes' });
    await option.click({ trial: true, timeout: 30_000 });
    const ballotClickable = await page.evaluate(() => performance.now());
    const { joinClick = Infinity } = await moments(page);
    const roomMs = ballotClickable - joinClick;
    console.info(`first screen at 400 kbit/s, 300 ms: join page usable at ${Math.round(joinUsable)} ms, ballot clickable ${Math.round(roomMs)} ms after the join click`);
    if (process.env.WATERFALL || joinUsable > JOIN_USABLE_MS || roomMs > ROOM_INTERACTIVE_MS) console.info(requests());

    await option.check();
    await page.getByTestId('poll-single').getByTestId('poll-submit').click();
    await page.getByTestId('poll-counted').waitFor();
    await screenshot(page, 'first-screen-03-room-voted');
    expect(joinUsable).toBeLessThanOrEqual(JOIN_USABLE_MS);
    expect(roomMs).toBeLessThanOrEqual(ROOM_INTERACTIVE_MS);
    expect(errors).toEqual([]);
    await context.close();
  });
});
