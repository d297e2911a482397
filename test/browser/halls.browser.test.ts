import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicAgenda } from '../../shared/protocol/http.ts';
import { sessionsOfHall } from '../../shared/model/hall.ts';
import { launchChromium, LAPTOP, newDevice, PHONE, SCREEN, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { EVENT_ID, joinWithInvite, openDevice, openScreen, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import type { TestServer } from '../support/plenary.ts';

/**
 * A day in the Main Hall: its projector and stage display are opened once with the hall's
 * display invite and follow the sessions the moderators open, without a reload; between
 * sessions they show what is next; a phone scanning the projector's QR code lands in the live
 * session. The stage display runs in Russian.
 */

const HALL = 'main-hall';
let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

async function hallDisplayInvite(): Promise<string> {
  const response = await plenary.admin(`/api/events/${EVENT_ID}/invites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'display', roomId: null, hallId: HALL, label: 'Main Hall screens' }),
  });
  expect(response.status).toBe(201);
  const invite = (await response.json()) as { url: string; hallId: string | null };
  expect(invite.hallId).toBe(HALL);
  return invite.url.split('/join/')[1] ?? '';
}

/** A mark left in the page's memory: still there later means the page was never reloaded. */
async function markLoad(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { plenaryLoadMark: 'first load' }));
}
async function sameLoad(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { plenaryLoadMark?: string }).plenaryLoadMark === 'first load');
}

const projectorTitle = (page: Page) => page.getByTestId('projector-title').locator('h1').textContent();
const stageTitle = (page: Page) => page.getByTestId('stage-view').locator('h1.room-title').textContent();

async function openNextFromConsole(console: Page, title: string): Promise<void> {
  const button = console.getByTestId('hall-open-next');
  await expect.poll(() => button.textContent()).toContain(title);
  await button.click();
  await console.getByTestId('hall-open-confirm').click();
  await expect.poll(() => console.getByTestId('hall-sessions').locator('li[data-current="true"]').textContent()).toContain(title);
}

describe('setting up a hall’s screens from the organiser page', () => {
  it('lists each hall with its join code; a hall’s display link opens its stage display, and its projector link the projector, with no form', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=invites#token=${plenary.runtime.adminToken}`);
    const main = page.getByTestId('hall-card').and(page.locator(`[data-hall="${HALL}"]`));
    await main.waitFor();
    expect(await main.getByTestId('hall-code').textContent()).toContain('ACSHMAIN');
    expect(await page.getByTestId('hall-card').count()).toBe(4);
    const before = await main.getByTestId('invite-row').count();
    await main.getByTestId('hall-create-display').click();
    await expect.poll(() => main.getByTestId('invite-row').count()).toBe(before + 1);
    const projectorLink = main.getByTestId('hall-projector-link').last().locator('input.url');
    const projectorUrl = await projectorLink.inputValue();
    expect(projectorUrl.startsWith(`${plenary.url}/join/`)).toBe(true);
    expect(projectorUrl).toContain(`next=/e/${EVENT_ID}/h/${HALL}/projector`);
    await main.scrollIntoViewIfNeeded();
    await screenshot(page, 'halls-00-organiser-hall-screens');

    const displayUrl = await main.getByTestId('invite-row').last().locator('input.url').inputValue();
    const screen = await newDevice(chromium.browser, SCREEN);
    await screen.page.goto(displayUrl);
    await screen.page.waitForURL(`**/e/${EVENT_ID}/h/${HALL}/stage`);
    expect(await screen.page.getByTestId('join-form').count()).toBe(0);
    await screen.page.goto(projectorUrl);
    await screen.page.waitForURL(`**/e/${EVENT_ID}/h/${HALL}/projector`);
    await screen.page.getByTestId('projector-view').waitFor();
    await screen.context.close();

    // The session form names its hall by name, offering the agenda's halls.
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=agenda#token=${plenary.runtime.adminToken}`);
    await page.locator('[data-room="panel-1"] button[aria-expanded]').click();
    const hallField = page.getByTestId('room-form').locator('input[name="location"]');
    expect(await hallField.inputValue()).toBe('Main Hall');
    expect(await page.locator('#room-form-halls option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['Main Hall', 'Hall B', 'Hall C', 'Hall A']);
    await context.close();
  }, 60_000);
});

describe('the Main Hall’s screens follow the programme', () => {
  it('projector and stage display switch sessions without a reload, show what is next between sessions, and the QR code lands a phone in the live session', async () => {
    const agenda = (await (await fetch(`${plenary.url}/api/public/events/${EVENT_ID}`)).json()) as PublicAgenda;
    const sessions = sessionsOfHall(agenda.rooms, HALL);
    const panel1 = sessions.findIndex((room) => room.id === 'panel-1');
    const [first, second, third] = [sessions[panel1], sessions[panel1 + 1], sessions[panel1 + 2]];
    if (!first || !second || !third) throw new Error('the Main Hall has three sessions from Panel 1 on');
    const short = (title: string) => title.split(':')[0] ?? title;

    const secret = await hallDisplayInvite();
    const projector = await openDevice(chromium.browser, 'projector', SCREEN);
    await openScreen(projector.page, plenary.url, secret, `/e/${EVENT_ID}/h/${HALL}/projector`);
    const stageDevice = await newDevice(chromium.browser, SCREEN, 'ru-RU');
    const stage = stageDevice.page;
    await openScreen(stage, plenary.url, secret, `/e/${EVENT_ID}/h/${HALL}/stage`);
    expect(await projector.page.getByTestId('join-form').count()).toBe(0);
    await projector.page.getByTestId('hall-waiting').waitFor();
    await stage.getByTestId('hall-waiting').waitFor();
    await markLoad(projector.page);
    await markLoad(stage);
    await screenshot(projector.page, 'halls-01-projector-before-the-first-session');
    await screenshot(stage, 'halls-02-stage-before-the-first-session-ru');

    // The moderator of Panel 1, on a laptop, opens it from the console's hall section.
    const moderator = await openDevice(chromium.browser, 'moderator', LAPTOP);
    await joinWithInvite(moderator.page, plenary.url, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Arman Kenzhebekov' });
    await moderator.page.goto(`${plenary.url}/e/${EVENT_ID}/r/panel-1`);
    await moderator.page.getByTestId('hall-panel').waitFor();
    // The Main Hall runs three days: each day is named once above its sessions.
    expect(await moderator.page.getByTestId('hall-day').allInnerTexts()).toEqual(['Wednesday, May 17', 'Thursday, May 18', 'Friday, May 19']);
    await screenshot(moderator.page, 'halls-03-console-hall-section');
    await openNextFromConsole(moderator.page, short(first.title));

    await expect.poll(() => projectorTitle(projector.page)).toBe(first.title);
    await expect.poll(() => stageTitle(stage)).toBe(first.title);
    await screenshot(projector.page, 'halls-04-projector-panel-1');
    await screenshot(stage, 'halls-05-stage-panel-1-ru');
    await screenshot(moderator.page, 'halls-06-console-panel-1-open');

    // A phone follows the projector's QR code and lands in the live session, the agenda one tap away.
    const joinUrl = await projector.page.getByTestId('join-panel').getAttribute('data-join-url');
    expect(joinUrl).toContain(`hall=${HALL}`);
    expect(joinUrl).toContain('code=ACSHMAIN');
    expect(await projector.page.getByTestId('audience-code').textContent()).toBe('#ACSHMAIN');
    const phone = await openDevice(chromium.browser, 'phone', PHONE);
    await phone.page.goto(joinUrl ?? '');
    await phone.page.getByTestId('join-name').fill('Aigerim');
    await phone.page.getByTestId('join-submit').click();
    await phone.page.waitForURL(`**/e/${EVENT_ID}/r/panel-1`);
    await phone.page.getByTestId('audience-room').waitFor();
    await expect.poll(() => phone.page.getByTestId('room-title').textContent()).toBe(first.title);
    expect(await phone.page.getByRole('link', { name: /Agenda/ }).count()).toBeGreaterThan(0);
    await screenshot(phone.page, 'halls-07-phone-landed-in-panel-1');

    // The moderator hands over to the next session: both screens switch by themselves.
    await openNextFromConsole(moderator.page, short(second.title));
    await expect.poll(() => projectorTitle(projector.page)).toBe(second.title);
    await expect.poll(() => stageTitle(stage)).toBe(second.title);
    expect(await sameLoad(projector.page)).toBe(true);
    expect(await sameLoad(stage)).toBe(true);
    await screenshot(projector.page, 'halls-08-projector-next-session');
    await screenshot(stage, 'halls-09-stage-next-session-ru');

    // The phone, already joined, scans the QR code again: no form, straight into the new session.
    await phone.page.goto(joinUrl ?? '');
    await phone.page.waitForURL(`**/e/${EVENT_ID}/r/${second.id}`);
    await expect.poll(() => phone.page.getByTestId('room-title').textContent()).toBe(second.title);

    // Its own moderator closes it: between sessions, both screens say what comes next.
    const nextModerator = await openDevice(chromium.browser, 'next moderator', LAPTOP);
    await joinWithInvite(nextModerator.page, plenary.url, await plenary.inviteFor('moderator', second.id), { name: 'Next Moderator' });
    await nextModerator.page.goto(`${plenary.url}/e/${EVENT_ID}/r/${second.id}`);
    await nextModerator.page.getByTestId('room-toggle').click();
    await nextModerator.page.getByTestId('room-toggle-confirm').click();
    await expect.poll(() => nextModerator.page.getByTestId('room-status').textContent()).toContain('closed');

    await projector.page.getByTestId('hall-waiting').waitFor();
    await stage.getByTestId('hall-waiting').waitFor();
    await expect.poll(() => projector.page.getByTestId('hall-next').textContent()).toContain(third.title);
    await expect.poll(() => stage.getByTestId('hall-next').textContent()).toContain(third.title);
    expect(await stage.getByTestId('hall-next').textContent()).toContain('Далее');
    expect(await projector.page.getByTestId('hall-name').textContent()).toBe('Main Hall');
    expect(await projector.page.getByTestId('hall-next-speakers').count()).toBe(third.speakers.length > 0 ? 1 : 0);
    await projector.page.getByTestId('join-panel').waitFor();
    expect(await sameLoad(projector.page)).toBe(true);
    expect(await sameLoad(stage)).toBe(true);
    await screenshot(projector.page, 'halls-10-projector-between-sessions');
    await screenshot(stage, 'halls-11-stage-between-sessions-ru');

    for (const device of [projector, moderator, phone, nextModerator]) {
      expect(device.errors, `${device.name}: page errors`).toEqual([]);
      await device.context.close();
    }
    await stageDevice.context.close();
  }, 120_000);
});
