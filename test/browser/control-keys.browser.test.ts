import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, LAPTOP, newDevice, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { EVENT_ID, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import type { TestServer } from '../support/plenary.ts';

/** The organiser sets up the Main Hall's AV booth: a hall key, shown once, that a desk then uses; revoked, it stops. */

let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers();
});

afterAll(async () => {
  await chromium?.close();
});

describe('control keys on the organiser page', () => {
  it('a key for the Main Hall is shown once with a line to try it, works for a desk, and stops when revoked', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=control#token=${plenary.runtime.adminToken}`);
    const section = page.getByTestId('control-keys');
    await section.getByTestId('control-create').waitFor();
    await section.getByTestId('control-target').selectOption('hall:main-hall');
    await section.getByTestId('control-label').fill('Main Hall booth');
    await section.getByTestId('control-create').click();

    const shown = section.getByTestId('control-new-key');
    await shown.waitFor();
    const key = (await shown.getByTestId('control-key-value').textContent())?.trim() ?? '';
    expect(key).toMatch(/^plk_/);
    expect(await shown.locator('pre').textContent()).toContain(`Bearer ${key}`);
    await expect.poll(() => shown.evaluate((box) => box === document.activeElement)).toBe(true);
    await screenshot(page, 'control-keys-01-shown-once');

    const status = await fetch(`${plenary.url}/api/control/status`, { headers: { authorization: `Bearer ${key}` } });
    expect(status.status).toBe(409);
    const listed = await plenary.admin('/api/events/acsh-2023/control-keys');
    expect(await listed.text()).not.toContain(key.slice(-16));

    const row = section.getByTestId('control-key').filter({ hasText: 'Main Hall booth' });
    await row.getByTestId('control-revoke').click();
    await row.getByText('Revoked', { exact: true }).waitFor();
    await expect.poll(() => shown.count()).toBe(0);
    await screenshot(page, 'control-keys-02-revoked');
    const refused = await fetch(`${plenary.url}/api/control/status`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    await context.close();
  });
});
