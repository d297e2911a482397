import { describe, expect, test } from 'vitest';
import { LAPTOP, PHONE } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, joinWithInvite, openDevice, serverAndBrowser } from './support/plenary-browser.ts';

/** A phone in the hall loads the audience room's code only; the moderator's laptop the console's. */
const suite = serverAndBrowser();

function scriptsOf(page: import('playwright-core').Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') names.push(new URL(request.url()).pathname);
  });
  return names;
}

describe('each route loads its own code', () => {
  test('a phone never downloads the moderator console; the console does', { timeout: 90_000 }, async () => {
    const { browser, plenary } = suite;
    const phone = await openDevice(browser, 'phone', PHONE);
    const phoneScripts = scriptsOf(phone.page);
    await joinWithCode(phone.page, plenary.url, { name: 'Guest in the hall' });
    await phone.page.goto(`${plenary.url}/e/${EVENT_ID}/r/panel-1`);
    await phone.page.getByTestId('audience-room').waitFor();
    expect(phoneScripts.some((path) => /\/AudienceRoom-[\w-]+\.js$/.test(path))).toBe(true);
    expect(phoneScripts.filter((path) => /ModeratorConsole|OrganiserView|livekit/i.test(path))).toEqual([]);

    const chair = await openDevice(browser, 'chair', LAPTOP);
    const chairScripts = scriptsOf(chair.page);
    await joinWithInvite(chair.page, plenary.url, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Chair' });
    await chair.page.goto(`${plenary.url}/e/${EVENT_ID}/r/panel-1`);
    await chair.page.getByTestId('moderator-console').waitFor();
    expect(chairScripts.some((path) => /\/ModeratorConsole-[\w-]+\.js$/.test(path))).toBe(true);
    expect(phone.errors).toEqual([]);
    expect(chair.errors).toEqual([]);
    await phone.context.close();
    await chair.context.close();
  });
});
