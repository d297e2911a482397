import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, newDevice, shoot } from './support/chromium.ts';
import { EVENT_ID, serverAndBrowser } from './support/plenary-browser.ts';
import type { TestServer } from '../support/plenary.ts';

/**
 * The organiser gives a session speaking time per delegation of its own and moves it out from
 * under its parent, from the agenda editor at 1366×768, then goes back to the event's quotas; the
 * saved agenda holds exactly what the form showed. The Russian form is photographed too.
 */
const ROUNDTABLE = 'roundtable-1';
const PARENT = 'roundtables-day2';

const suite = serverAndBrowser();

type StoredRoom = { id: string; parent: string | null; quotas?: unknown };
async function storedRoom(plenary: TestServer): Promise<StoredRoom> {
  const agenda = (await (await plenary.admin(`/api/events/${EVENT_ID}`)).json()) as { rooms: StoredRoom[] };
  return agenda.rooms.find((room) => room.id === ROUNDTABLE)!;
}

async function openForm(page: Page) {
  await page.getByRole('button', { name: /Edit: Roundtable 1|Изменить: Roundtable 1/ }).click();
  const form = page.getByTestId('room-form');
  await form.waitFor();
  return form;
}

describe('speaking time per delegation and the parent session, in the organiser’s agenda editor', () => {
  test('own quotas, no parent, then the event’s quotas again', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const { context, page } = await newDevice(browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}#token=${plenary.runtime.adminToken}`);

    let form = await openForm(page);
    expect(await form.locator('select[name="parent"]').inputValue()).toBe(PARENT);
    const editor = form.getByTestId('quota-editor');
    expect(await editor.getByTestId('quotas-event').isChecked()).toBe(true);
    await editor.getByTestId('quotas-own').check();
    await editor.getByTestId('quota-add').click();
    await editor.getByTestId('quota-add').click();
    const lines = editor.getByTestId('quota-line');
    await lines.nth(0).getByTestId('quota-delegation').fill('Georgia');
    await lines.nth(0).getByTestId('quota-minutes').fill('8');
    await lines.nth(1).getByTestId('quota-minutes').fill('4');
    await form.locator('select[name="parent"]').selectOption({ label: 'None' });
    await editor.scrollIntoViewIfNeeded();
    await shoot(page, 'organiser-quotas-01-own', editor);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await storedRoom(plenary)).toMatchObject({ parent: null, quotas: [{ delegation: 'Georgia', minutes: 8 }, { minutes: 4 }] });

    // A delegation named twice is the server's to refuse, naming the line; nothing is saved.
    form = await openForm(page);
    expect(await form.getByTestId('quota-editor').getByTestId('quotas-own').isChecked()).toBe(true);
    await form.getByTestId('quota-line').nth(1).getByTestId('quota-delegation').fill('georgia');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByTestId('room-form-error').innerText()).toContain('quotas.1.delegation');
    expect(await storedRoom(plenary)).toMatchObject({ quotas: [{ delegation: 'Georgia', minutes: 8 }, { minutes: 4 }] });

    await form.getByTestId('quota-editor').getByTestId('quotas-event').check();
    await form.locator('select[name="parent"]').selectOption(PARENT);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const back = await storedRoom(plenary);
    expect(back.parent).toBe(PARENT);
    expect(back).not.toHaveProperty('quotas');

    await page.getByTestId('language').selectOption('ru');
    form = await openForm(page);
    await form.getByTestId('quota-editor').getByTestId('quotas-own').check();
    await form.getByTestId('quota-editor').scrollIntoViewIfNeeded();
    await shoot(page, 'organiser-quotas-02-ru', form.getByTestId('quota-editor'));
    await context.close();
  });
});
