import { describe, expect, test } from 'vitest';
import { LAPTOP, PHONE, SCREEN, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device } from './support/plenary-browser.ts';
import { ok } from '../support/plenary.ts';

/**
 * A timed poll as the hall lives it: the chair launches it from the console with a time limit
 * and "reveal when time is up", a phone at 360×740 counts down with the projector, and at zero
 * the server closes and reveals it everywhere. Each moment is photographed for a look.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const QUESTION = 'Should the Hub publish a yearly merit index?';
const DURATION_SEC = 15;

const suite = serverAndBrowser();

describe('a timed poll on a phone, the projector and the console', () => {
  test('the phone counts down, votes, and then shows the closed poll with its results', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const moderatorInvite = await plenary.inviteFor('moderator', 'panel-1');
    const { socket: helper } = await plenary.person({ invite: moderatorInvite, name: 'Co-chair Dana' });
    await ok(helper, 'room.join', { roomId: 'panel-1' });
    await ok(helper, 'room.open', {});
    await ok(helper, 'poll.create', { question: QUESTION, spec: { kind: 'single', options: ['Yes', 'No', 'Not yet'] }, settings: { resultsVisibility: 'on_reveal' } });

    const [moderator, phone, projector] = await Promise.all([openDevice(browser, 'moderator', LAPTOP), openDevice(browser, 'phone', PHONE), openDevice(browser, 'projector', SCREEN)]);
    const devices: Device[] = [moderator, phone, projector];
    const m = moderator.page;
    const p = phone.page;
    await joinWithInvite(m, base, moderatorInvite, { name: 'Arman Kenzhebekov', organisation: 'Agency for Civil Service Affairs', country: 'Kazakhstan' });
    await m.goto(`${base}${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    await joinWithCode(p, base, { name: 'Ketevan Abashidze', country: 'Georgia' });
    await p.getByTestId('enter-panel-1').first().click();
    await p.getByTestId('audience-room').waitFor();
    // Every message the live region is given, in order: what a screen reader would say.
    await p.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const region = document.querySelector('[data-testid="announcer"]')!;
      new MutationObserver(() => {
        if (region.textContent) heard.push(region.textContent);
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
    await openScreen(projector.page, base, await plenary.inviteFor('display', 'panel-1'), `/e/${EVENT_ID}/r/panel-1/projector`);

    // The chair picks a custom limit (a nonsense one is refused on the spot) and the reveal at zero.
    const card = m.getByTestId('poll-card').filter({ hasText: QUESTION });
    await card.getByTestId('poll-duration').selectOption('custom');
    await card.getByTestId('poll-duration-custom').fill('3');
    await card.getByRole('alert').waitFor();
    await card.getByTestId('poll-duration-custom').fill(String(DURATION_SEC));
    await card.getByTestId('poll-reveal-on-close').check();
    await shoot(m, 'timed-poll-01-console-launch', card);
    await card.getByTestId('poll-launch').click();
    await card.getByTestId('poll-countdown').waitFor();
    await shoot(m, 'timed-poll-02-console-countdown', card);
    await card.getByTestId('poll-project').click();

    const pollCard = p.getByTestId('poll-single');
    const countdown = pollCard.getByTestId('poll-countdown');
    await countdown.waitFor();
    await pollCard.getByRole('radio', { name: 'Yes' }).check();
    await pollCard.getByTestId('poll-submit').click();
    await pollCard.getByTestId('poll-counted').waitFor();
    const left = Number((await countdown.getByRole('timer').innerText()).split(':')[1]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(DURATION_SEC);
    await shoot(p, 'timed-poll-03-phone-countdown', pollCard);
    await projector.page.getByTestId('projector-poll').getByTestId('poll-countdown').waitFor();
    await shoot(projector.page, 'timed-poll-04-projector-countdown');


    // At zero the server closes it and, as the chair chose, reveals the results to the phone.
    const closed = p.locator('[data-poll-id].closed');
    await closed.waitFor({ timeout: (DURATION_SEC + 5) * 1_000 });
    await closed.getByTestId('poll-standing').waitFor();
    await expect.poll(() => closed.innerText()).toContain('1 vote');
    expect(await closed.getByTestId('poll-countdown').count()).toBe(0);
    await shoot(p, 'timed-poll-05-phone-closed', closed);
    // A screen reader heard the time left once, ten seconds before the end, not every second.
    const heard = await p.evaluate(() => (window as unknown as { heard: string[] }).heard);
    expect(heard.filter((text) => text === '10 seconds left to vote')).toHaveLength(1);
    await expect.poll(() => projector.page.getByTestId('projector-poll').innerText()).toContain('Voting has closed');
    await shoot(projector.page, 'timed-poll-06-projector-closed');
    await expect.poll(() => card.getByTestId('poll-status').innerText()).toMatch(/closed/i);
    await shoot(m, 'timed-poll-07-console-closed', card);

    for (const device of devices) {
      expect(device.errors, `${device.name}: page errors`).toEqual([]);
      await device.context.close();
    }
  });
});
