import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, LAPTOP, newDevice, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { EVENT_ID, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import type { TestServer } from '../support/plenary.ts';

/**
 * The organiser's invite list on a laptop: a labelled link created at the bottom of the form is
 * brought into view and focused, and a revoked one stays listed, marked, after a confirmation.
 */

let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers();
});

afterAll(async () => {
  await chromium?.close();
});

describe('invite links on the organiser page', () => {
  it('a labelled link is scrolled into view and focused; revoking asks first, then marks the link and stops it working', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=invites#token=${plenary.runtime.adminToken}`);
    const list = page.getByTestId('invite-links');
    await list.getByRole('button', { name: 'Create a link' }).waitFor();

    await list.locator('select').nth(0).selectOption('display');
    // The last session's group is the furthest down the page: the new link lands off screen.
    const rooms = list.locator('select').nth(1);
    await rooms.selectOption((await rooms.locator('option').last().getAttribute('value')) ?? '');
    await page.getByTestId('invite-label-input').fill('Stage left display');
    await list.getByRole('button', { name: 'Create a link' }).click();

    const created = list.getByTestId('invite-row').filter({ hasText: 'Stage left display' });
    await created.waitFor();
    await expect.poll(() => created.evaluate((row) => row.contains(document.activeElement))).toBe(true);
    const box = await created.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(LAPTOP.height);
    await screenshot(page, 'invites-01-labelled-link-created');

    await created.getByRole('button', { name: /^Revoke/ }).click();
    await created.getByText('Revoke this link?').waitFor();
    await screenshot(page, 'invites-02-revoke-confirmation');
    await created.getByTestId('confirm-revoke').click();
    await created.getByText('Revoked', { exact: true }).waitFor();
    expect(await created.getByRole('button', { name: /Copy/ }).count()).toBe(0);
    await screenshot(page, 'invites-03-link-revoked');

    const url = await created.locator('input.url').inputValue();
    const refused = await fetch(`${plenary.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invite: url.split('/join/')[1], name: 'Display' }),
    });
    expect(refused.status).toBe(401);

    await page.reload();
    const afterReload = list.getByTestId('invite-row').filter({ hasText: 'Stage left display' });
    await afterReload.getByText('Revoked', { exact: true }).waitFor();
    await context.close();
  });

  it('a display invite opens its room’s stage display with no name or attendance form', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    const secret = await plenary.inviteFor('display', 'panel-1');
    await page.goto(`${plenary.url}/join/${secret}`);
    await page.waitForURL(`**/e/${EVENT_ID}/r/panel-1/stage`);
    expect(await page.getByTestId('join-form').count()).toBe(0);
    await screenshot(page, 'invites-04-display-invite-opens-stage');
    await context.close();
  });

  it('opened on another host than PUBLIC_URL, the organiser page says so once and still builds every link from PUBLIC_URL', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    const otherHost = plenary.url.replace('127.0.0.1', 'localhost');
    await page.goto(`${otherHost}/organiser?event=${EVENT_ID}&tab=invites#token=${plenary.runtime.adminToken}`);
    const note = page.getByTestId('origin-note');
    await note.waitFor();
    expect(await note.count()).toBe(1);
    expect(await note.innerText()).toContain(plenary.url);
    const urls = await page.getByTestId('invite-links').locator('input.url').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(urls.length).toBeGreaterThan(10);
    await expect.poll(async () => (await page.getByTestId('invite-links').locator('input.url').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).every((url) => url.startsWith(`${plenary.url}/`))).toBe(true);
    await screenshot(page, 'invites-05-other-origin-note');
    await context.close();
  });
});
