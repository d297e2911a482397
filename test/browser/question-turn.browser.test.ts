import { describe, expect, test } from 'vitest';
import { expectInView } from './support/in-view.ts';
import { ok } from '../support/plenary.ts';
import { LAPTOP, PHONE, SCREEN, shoot } from './support/chromium.ts';
import { clockSeconds, EVENT_ID, joinWithCode, joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device, showSection } from './support/plenary-browser.ts';

/**
 * Panel 1's Q&A: a guest in the hall asks anonymously from her phone, the chair invites her to
 * speak from the console, and the invitation reaches her phone as a banner wherever she is in
 * the page; she accepts and is on the list with her question.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const GUEST = { name: 'Zarina Tokhtarova', country: 'Kyrgyzstan' };
const QUESTION = 'How is the exam board kept independent of the ministry?';

const suite = serverAndBrowser();

describe('a question becomes a turn, on the phone and the console', () => {
  test('the phone (360×740) gets the invitation banner and accepts; the console shows the question request', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, phone] = await Promise.all([openDevice(browser, 'console', LAPTOP), openDevice(browser, 'phone', PHONE)]);
    const everyone: Device[] = [moderator, phone];
    const m = moderator.page;
    const p = phone.page;

    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Arman Kenzhebekov' });
    await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
    await ok(chair.socket, 'room.open', {});

    await Promise.all([
      (async () => {
        await joinWithInvite(m, base, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Aigerim Sadykova', country: 'Kazakhstan' });
        await m.goto(`${base}${ROOM}`);
        await m.getByTestId('moderator-console').waitFor();
      })(),
      (async () => {
        await joinWithCode(p, base, GUEST);
        await p.getByTestId('enter-panel-1').first().click();
        await p.getByTestId('audience-room').waitFor();
        await showSection(p, 'questions');
      })(),
    ]);

    // The guest asks anonymously; she stays down at the questions.
    await p.getByTestId('ask-text').fill(QUESTION);
    await p.getByTestId('ask-anonymous').check();
    await p.getByTestId('ask-submit').click();
    await p.getByTestId('ask-outcome').waitFor();

    // The chair invites the asker from the board: the console names her, for the chair only, with the countdown.
    const item = m.getByTestId('board-questions').getByTestId('question-item').filter({ hasText: QUESTION });
    await item.waitFor();
    expect(await item.textContent()).toContain('Anonymous');
    await item.getByTestId('question-invite').click();
    const invited = item.getByTestId('question-invited');
    await invited.waitFor();
    expect(await invited.textContent()).toContain(`Invited: ${GUEST.name}`);
    const left = clockSeconds(/(\d+:\d\d) to answer/.exec((await invited.textContent())!)![1]!);
    expect(left).toBeGreaterThan(50);
    expect(left).toBeLessThanOrEqual(60);
    await expect.poll(() => item.getByTestId('question-invite').count()).toBe(0);
    await item.scrollIntoViewIfNeeded();
    await shoot(m, 'question-turn-01-console-invited', m.getByTestId('qa-panel'));

    // The phone: the banner is on screen wherever she is in the page, with her question and the time left.
    const banner = p.getByTestId('question-invitation');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(QUESTION);
    expect(await p.getByTestId('invitation-left').textContent()).toMatch(/0:[0-5]\d left to answer|1:00 left to answer/);
    await expectInView(p, banner, 'the invitation banner (at the questions)');
    await p.evaluate(() => window.scrollTo(0, 0));
    await expectInView(p, banner, 'the invitation banner (at the top)');
    await shoot(p, 'question-turn-02-phone-invitation');

    await p.getByTestId('invitation-accept').click();
    await banner.waitFor({ state: 'detached' });

    // The console: the request on the list, marked as a question; the invitation is gone.
    const row = m.getByTestId('queue-row').filter({ hasText: GUEST.name });
    await row.waitFor();
    expect(await row.locator('[data-kind]').getAttribute('data-kind')).toBe('question');
    expect(await row.textContent()).toContain('Question');
    await invited.waitFor({ state: 'detached' });
    expect(await item.getByTestId('question-invite').count(), 'no second invite while her turn is on the list').toBe(0);
    await shoot(m, 'question-turn-03-console-question-request');

    // Called, her turn runs, and the stage display says what kind of turn it is; ending it answers the question.
    const stage = await openDevice(browser, 'stage display', SCREEN);
    everyone.push(stage);
    await openScreen(stage.page, base, await plenary.inviteFor('display', 'panel-1'), `${ROOM}/stage`);
    await row.getByTestId('call-this').click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe(GUEST.name);
    const onStage = stage.page.getByTestId('stage-current');
    await onStage.getByText(GUEST.name).waitFor();
    expect(await onStage.textContent()).toContain('Question from the floor');
    await shoot(stage.page, 'question-turn-04-stage-question-turn');
    await ok(chair.socket, 'floor.endTurn', {});
    await m.getByTestId('answered-questions').waitFor();
    expect(await m.getByTestId('answered-questions').textContent()).toContain('1');
    // Her phone: the question is answered now, under the board's answered questions.
    const answered = p.getByTestId('qa').locator('details.answered');
    await answered.waitFor();
    await answered.locator('summary').click();
    const mine = answered.getByTestId('question').filter({ hasText: QUESTION });
    await mine.waitFor();
    expect(await mine.getAttribute('class')).toContain('answered');
    await mine.scrollIntoViewIfNeeded();
    await shoot(p, 'question-turn-05-phone-answered', p.getByTestId('qa'));

    for (const device of everyone) {
      expect(device.errors, `${device.name} page errors`).toEqual([]);
      expect(device.dialogs, `${device.name} dialogs`).toEqual([]);
    }
  });
});
