import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, PHONE, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, joinWithInvite, openDevice, serverAndBrowser, type Device, showSection } from './support/plenary-browser.ts';

/**
 * Panel 1's Q&A, moderated live: the chair dismisses a question by mistake and restores it from
 * the console's dismissed list; a delegate's phone marks their own questions, one of them
 * anonymous, and lets them edit one and withdraw the other.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const SIGNED = 'Can delegates see the anonymised interview scores afterwards?';
const EDITED = 'Can delegates see their own interview scores afterwards?';
const ANONYMOUS = 'How long does an assessment centre take per candidate?';

const suite = serverAndBrowser();

/** The tests share one server: the room may be open already. */
async function openTheRoom(m: Page): Promise<void> {
  const status = m.getByTestId('room-status');
  await status.waitFor();
  if (!(await status.textContent())?.includes('Room open')) {
    await m.getByTestId('room-toggle').click();
    await m.getByTestId('room-toggle-confirm').click();
  }
  await expect.poll(() => status.textContent()).toContain('Room open');
}

describe('moderation that can be undone', () => {
  test('the console restores a dismissed question; a phone marks "Your question" with Edit and Withdraw', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, phone, other] = await Promise.all([openDevice(browser, 'moderator', LAPTOP), openDevice(browser, 'phone', PHONE), openDevice(browser, 'other phone', PHONE)]);
    const everyone: Device[] = [moderator, phone, other];
    const m = moderator.page;
    const p = phone.page;

    await joinWithInvite(m, base, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Arman Kenzhebekov', country: 'Kazakhstan' });
    await m.goto(`${base}${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    await openTheRoom(m);

    for (const [device, name] of [[phone, 'Ketevan Abashidze'], [other, 'Nodir Karimov']] as const) {
      await joinWithCode(device.page, base, { name, country: 'Georgia' });
      await device.page.getByTestId('enter-panel-1').first().click();
      await device.page.getByTestId('audience-room').waitFor();
      await showSection(device.page, 'questions');
    }
    await p.getByTestId('ask-text').fill(SIGNED);
    await p.getByTestId('ask-submit').click();
    await p.getByTestId('ask-outcome').waitFor();
    await p.getByTestId('ask-text').fill(ANONYMOUS);
    await p.getByTestId('ask-anonymous').check();
    await p.getByTestId('ask-submit').click();
    await expect.poll(() => p.getByTestId('question').count()).toBe(2);

    // Dismissed by mistake: it leaves every phone's board, and waits in the console's dismissed list.
    const board = m.getByTestId('board-questions');
    await board.getByTestId('question-item').filter({ hasText: SIGNED }).getByTestId('question-dismiss').click();
    await expect.poll(() => other.page.getByTestId('question').count()).toBe(1);
    const dismissed = m.getByTestId('dismissed-questions');
    await dismissed.locator('summary').click();
    const restore = dismissed.getByTestId('question-item').filter({ hasText: SIGNED }).getByTestId('question-restore');
    await restore.waitFor();
    await shoot(m, 'moderation-01-console-dismissed', dismissed);
    await restore.click();
    await expect.poll(() => board.getByTestId('question-item').filter({ hasText: SIGNED }).count()).toBe(1);
    await expect.poll(() => other.page.getByTestId('question').count()).toBe(2);
    expect(await m.getByTestId('dismissed-questions').count()).toBe(0);
    await shoot(m, 'moderation-02-console-restored', board);

    // The asker's phone marks both as theirs (the anonymous one too); another phone marks neither.
    const mine = p.getByTestId('question').filter({ has: p.getByTestId('question-yours') });
    await expect.poll(() => mine.count()).toBe(2);
    expect(await other.page.getByTestId('question-yours').count()).toBe(0);
    expect(await other.page.getByTestId('own-edit').count()).toBe(0);
    const signed = p.getByTestId('question').filter({ hasText: SIGNED });
    await signed.scrollIntoViewIfNeeded();
    for (const control of ['question-yours', 'own-edit', 'own-withdraw']) {
      const box = await signed.getByTestId(control).boundingBox();
      expect(box, `${control} is shown`).not.toBeNull();
      expect(box!.x + box!.width, `${control} fits the phone`).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), 'no sideways scroll').toBe(true);
    await shoot(p, 'moderation-03-phone-your-question', signed);

    await signed.getByTestId('own-edit').click();
    await p.getByTestId('own-edit-text').fill(EDITED);
    await shoot(p, 'moderation-04-phone-editing', p.getByTestId('own-edit-text'));
    await p.getByTestId('own-edit-save').click();
    await expect.poll(() => other.page.getByTestId('question').filter({ hasText: EDITED }).count()).toBe(1);

    const anonymous = p.getByTestId('question').filter({ hasText: ANONYMOUS });
    await anonymous.getByTestId('own-withdraw').click();
    await anonymous.getByTestId('own-withdraw-confirm').waitFor();
    await shoot(p, 'moderation-05-phone-withdraw-confirm', anonymous);
    await anonymous.getByTestId('own-withdraw-confirm').click();
    await expect.poll(() => other.page.getByTestId('question').count()).toBe(1);
    await expect.poll(() => board.getByTestId('question-item').count()).toBe(1);
    await shoot(p, 'moderation-06-phone-after', p.getByTestId('question').first());
    await p.getByTestId('language').selectOption('ru');
    await expect.poll(() => mine.first().getByTestId('question-yours').textContent()).toBe('Ваш вопрос');
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), 'no sideways scroll (ru)').toBe(true);
    await shoot(p, 'moderation-06b-phone-ru', mine.first());
    await p.getByTestId('language').selectOption('en');

    // Answered, the question is no longer the asker's to change; the chair can undo "answered".
    await board.getByTestId('question-item').first().getByTestId('question-answer').click();
    await expect.poll(() => p.getByTestId('own-edit').count()).toBe(0);
    await m.getByTestId('answered-questions').locator('summary').click();
    await m.getByTestId('answered-questions').getByTestId('question-unanswer').click();
    await expect.poll(() => p.getByTestId('own-edit').count()).toBe(1);

    expect(everyone.flatMap((device) => [...device.errors, ...device.dialogs].map((e) => `${device.name}: ${e}`))).toEqual([]);
  });

  test('the chair hides a word from a live word cloud: phones drop it, the console keeps it marked hidden', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, phoneA, phoneB] = await Promise.all([openDevice(browser, 'moderator', LAPTOP), openDevice(browser, 'phone A', PHONE), openDevice(browser, 'phone B', PHONE)]);
    const m = moderator.page;
    await joinWithInvite(m, base, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Arman Kenzhebekov', country: 'Kazakhstan' });
    await m.goto(`${base}${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    await openTheRoom(m);

    const question = 'One word for a merit-based civil service?';
    await m.getByTestId('new-poll').click();
    await m.getByTestId('poll-question').fill(question);
    await m.getByTestId('poll-kind').selectOption('word_cloud');
    await m.getByTestId('poll-save').click();
    const card = m.getByTestId('poll-card').filter({ hasText: question });
    await card.getByTestId('poll-launch').click();
    await card.getByTestId('poll-close').waitFor();

    for (const [device, name, word] of [[phoneA, 'Ketevan Abashidze', 'Fairness'], [phoneB, 'Nodir Karimov', 'Nepotism']] as const) {
      await joinWithCode(device.page, base, { name, country: 'Georgia' });
      await device.page.getByTestId('enter-panel-1').first().click();
      const ballot = device.page.getByTestId('poll-word_cloud');
      await ballot.locator('.word input').first().fill(word);
      await ballot.getByTestId('poll-submit').click();
      await ballot.getByTestId('poll-counted').waitFor();
    }
    // Phones list a cloud's words as bars under the ballot; the console draws the cloud.
    const cloudOf = (page: Page) => page.getByTestId('poll-word_cloud').getByTestId('poll-results');
    await expect.poll(() => cloudOf(phoneA.page).textContent()).toContain('nepotism');

    const moderation = card.getByTestId('poll-moderation');
    await moderation.locator('summary').click();
    await moderation.getByTestId('poll-item').filter({ hasText: 'nepotism' }).getByTestId('poll-item-hide').click();
    const hidden = moderation.getByTestId('poll-item').filter({ hasText: 'nepotism' });
    await hidden.getByTestId('poll-item-hidden').waitFor();
    await expect.poll(() => cloudOf(phoneA.page).textContent()).not.toContain('nepotism');
    expect(await cloudOf(phoneB.page).textContent()).toContain('fairness');
    expect(await card.getByTestId('word-cloud').textContent()).not.toContain('nepotism');
    await m.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await shoot(m, 'moderation-07-console-hidden-word', moderation);
    await shoot(phoneA.page, 'moderation-08-phone-cloud-without-hidden-word', cloudOf(phoneA.page));

    await hidden.getByTestId('poll-item-unhide').click();
    await expect.poll(() => cloudOf(phoneA.page).textContent()).toContain('nepotism');
    expect([moderator, phoneA, phoneB].flatMap((device) => [...device.errors, ...device.dialogs])).toEqual([]);
  });

  test('under pre-moderation an asker withdraws a question still waiting, and an edited one waits for approval again', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, phone] = await Promise.all([openDevice(browser, 'moderator', LAPTOP), openDevice(browser, 'phone', PHONE)]);
    const m = moderator.page;
    const p = phone.page;
    await joinWithInvite(m, base, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Arman Kenzhebekov', country: 'Kazakhstan' });
    await m.goto(`${base}${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    await openTheRoom(m);
    await m.getByTestId('qa-premoderation').check();
    await expect.poll(() => m.getByTestId('qa-premoderation').isChecked()).toBe(true);
    await joinWithCode(p, base, { name: 'Aishath Rasheed', country: 'Maldives' });
    await p.getByTestId('enter-panel-1').first().click();
    await p.getByTestId('audience-room').waitFor();
    await showSection(p, 'questions');

    const waitingText = 'Is the probation period the same for every grade?';
    await p.getByTestId('ask-text').fill(waitingText);
    await p.getByTestId('ask-submit').click();
    const waiting = p.getByTestId('waiting-question').filter({ hasText: waitingText });
    await waiting.waitFor();
    await expect.poll(() => m.getByTestId('pending-questions').getByTestId('question-item').count()).toBe(1);
    await shoot(p, 'moderation-09-phone-waiting-withdraw', waiting);
    await waiting.getByTestId('waiting-withdraw').click();
    await expect.poll(() => p.getByTestId('waiting-question').count()).toBe(0);
    await expect.poll(() => m.getByTestId('pending-questions').count()).toBe(0);

    const approvedText = 'Who sits on the appeals board for selection decisions?';
    await p.getByTestId('ask-text').fill(approvedText);
    await p.getByTestId('ask-submit').click();
    const pendingItem = m.getByTestId('pending-questions').getByTestId('question-item').filter({ hasText: approvedText });
    await pendingItem.getByTestId('question-approve').click();
    const mine = p.getByTestId('question').filter({ hasText: approvedText });
    await mine.getByTestId('own-edit').click();
    await p.getByTestId('own-edit-text').fill('Who sits on the appeals board, and for how long?');
    await p.getByTestId('own-edit-save').click();
    await expect.poll(() => p.getByTestId('question').filter({ hasText: 'appeals board' }).count()).toBe(0);
    await m.getByTestId('pending-questions').getByTestId('question-item').filter({ hasText: 'and for how long?' }).waitFor();
    expect([moderator, phone].flatMap((device) => [...device.errors, ...device.dialogs])).toEqual([]);
  });
});
