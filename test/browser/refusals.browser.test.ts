import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, LAPTOP, newDevice, PHONE, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { AUDIENCE_CODE, EVENT_ID, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import type { TestServer } from '../support/plenary.ts';

/**
 * What people see when the server refuses them: a phone whose hall has used up its joins for
 * the minute (in English and Russian), and an organiser whose edit lost the race with another
 * organiser's save. Each screen is photographed for a look.
 */

const JOINS_PER_MINUTE = 3;

let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers({ PLENARY_JOINS_PER_MINUTE: String(JOINS_PER_MINUTE) });
});

afterAll(async () => {
  await chromium?.close();
});

async function useUpJoins(): Promise<void> {
  for (let i = 0; i < JOINS_PER_MINUTE; i++) {
    await fetch(`${plenary.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: AUDIENCE_CODE, name: `Early ${i}` }) });
  }
}

describe('refusals a person can act on', () => {
  it('a phone past the hall’s joins for the minute is told to wait, in English and in Russian', async () => {
    await useUpJoins();
    for (const [locale, waitWord] of [
      ['en-GB', /try again in \d+ s/i],
      ['ru-RU', /\d+ с/],
    ] as const) {
      const { context, page } = await newDevice(chromium.browser, PHONE, locale);
      await page.goto(`${plenary.url}/?code=${AUDIENCE_CODE}`);
      await page.getByTestId('join-event').getByText('Meritocracy', { exact: false }).waitFor();
      await page.getByTestId('join-name').fill(locale === 'en-GB' ? 'Latecomer Lena' : 'Опоздавшая Лена');
      await page.getByTestId('join-submit').click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText(), { timeout: 10_000 }).toMatch(waitWord);
      await alert.scrollIntoViewIfNeeded();
      await screenshot(page, `refusal-01-join-rate-limited-${locale}`);
      await context.close();
    }
  });

  it('an organiser whose room edit lost the race is told so, keeps what was typed, and a second save lands', async () => {
    const organiserUrl = `${plenary.url}/organiser?event=${EVENT_ID}#token=${plenary.runtime.adminToken}`;
    const devices = await Promise.all([newDevice(chromium.browser, LAPTOP), newDevice(chromium.browser, LAPTOP)]);
    const [first, second] = devices.map((device) => device.page) as [typeof devices[0]['page'], typeof devices[0]['page']];
    for (const page of [first, second]) {
      await page.goto(organiserUrl);
      await page.getByRole('button', { name: /Edit: Panel 1/ }).click();
    }
    await first.getByTestId('room-form').locator('input[name="location"]').fill('Main Hall, level 2');
    await first.getByTestId('room-form').getByRole('button', { name: 'Save' }).click();
    await first.getByRole('status').getByText('Saved.').waitFor();

    const form = second.getByTestId('room-form');
    await form.locator('input[name="turnMinutes"]').fill('8');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByTestId('room-form-error').waitFor();
    await form.getByTestId('room-form-error').scrollIntoViewIfNeeded();
    await screenshot(second, 'refusal-02-organiser-changed-meanwhile');
    expect(await form.locator('input[name="turnMinutes"]').inputValue()).toBe('8');

    await form.getByRole('button', { name: 'Save' }).click();
    // The hall typed by name became a hall of the agenda, and the session is held in it.
    await expect.poll(async () => (await (await plenary.admin(`/api/events/${EVENT_ID}`)).json()) as { halls: Array<{ id: string; name: string }>; rooms: Array<{ id: string; hall: string | null; turnMinutes?: number }> })
      .toMatchObject({
        halls: expect.arrayContaining([{ id: 'main-hall-level-2', name: 'Main Hall, level 2' }]),
        rooms: expect.arrayContaining([expect.objectContaining({ id: 'panel-1', hall: 'main-hall-level-2', turnMinutes: 8 })]),
      });
    await screenshot(second, 'refusal-03-organiser-saved-after-refresh');
    for (const device of devices) await device.context.close();
  });
});
