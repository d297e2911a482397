import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newDevice, PHONE, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { AUDIENCE_CODE, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import type { ClientSocket, TestServer } from '../support/plenary.ts';

/**
 * A phone that arrives when the server holds all the connections it may
 * (PLENARY_MAX_CONNECTIONS): it is told the server is full, in English and in Russian, and gets
 * in by itself once a place is free. Each screen is photographed for a look.
 */

const MAX_CONNECTIONS = 2;

let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers({ PLENARY_MAX_CONNECTIONS: String(MAX_CONNECTIONS) });
});

afterAll(async () => {
  await chromium?.close();
});

async function fillTheServer(): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < MAX_CONNECTIONS; i++) sockets.push((await plenary.person({ code: AUDIENCE_CODE, name: `Early ${i}` })).socket);
  return sockets;
}

describe('a server at its connection limit', () => {
  it('tells a phone it is full, in English and Russian, and lets it in by itself once a place is free', async () => {
    const held = await fillTheServer();
    for (const [locale, name, fullText] of [
      ['ru-RU', 'Опоздавшая Лена', /Сервер сейчас переполнен/],
      ['en-GB', 'Latecomer Lena', /The server is full right now/],
    ] as const) {
      const { context, page } = await newDevice(chromium.browser, PHONE, locale);
      await page.goto(`${plenary.url}/?code=${AUDIENCE_CODE}`);
      await page.getByTestId('join-event').getByText('Meritocracy', { exact: false }).waitFor();
      await page.getByTestId('join-name').fill(name);
      await page.getByTestId('join-submit').click();
      const banner = page.getByTestId('connection-banner');
      await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toMatch(fullText);
      await screenshot(page, `server-full-01-refused-${locale}`);
      if (locale === 'ru-RU') {
        await context.close();
        continue;
      }
      // A place frees up: the phone's own retry, 5–15 s after the refusal, gets it in.
      held.pop()?.disconnect();
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot(page, 'server-full-02-in-after-retry');
      await context.close();
    }
    for (const socket of held) socket.disconnect();
  }, 90_000);
});
