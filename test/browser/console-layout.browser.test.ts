import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectInView } from './support/in-view.ts';
import { LAPTOP, PHONE, SCREEN, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, joinWithInvite, openDevice, serverAndBrowser, type Device, showSection } from './support/plenary-browser.ts';

/**
 * The Panel 1 console on a 1366×768 laptop in the middle of a session: a speaker on the floor and
 * three waiting, a poll open with votes, two questions awaiting approval. What the chair needs
 * must be on screen without scrolling, and a closed poll keeps its card until dismissed.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const POLL = { question: 'Which selection method should the Hub recommend first?', options: ['Structured interviews', 'Assessment centres'] } as const;
const SPEAKERS = [
  ['Genevieve Thibodeau-Clark', 'Public Service Commission', 'Canada'],
  ['Aminath Sheeza', 'Civil Service Commission', 'Maldives'],
  ['Lieve Vermeulen', 'Federal Public Service for Policy and Support', 'Belgium'],
  ['Nodir Karimov', 'Agency for Civil Service Development', 'Uzbekistan'],
] as const;
const QUESTIONS = ['Can delegates see the anonymised interview scores afterwards?', 'How long does an assessment centre take per candidate?'];

const suite = serverAndBrowser();

async function expectGlanceInView(m: Page): Promise<void> {
  const scrolled = await m.evaluate(() => document.scrollingElement!.scrollTop);
  expect(scrolled, 'the page itself has not scrolled').toBe(0);
  await expectInView(m, m.getByTestId('current-speaker'), 'current speaker', { uncovered: true });
  await expectInView(m, m.getByTestId('current-turn').getByTestId('timer').getByRole('timer'), 'turn timer', { uncovered: true });
  for (const index of [0, 1, 2]) await expectInView(m, m.getByTestId('queue-row').nth(index), `next speaker ${index + 1}`, { uncovered: true });
  await expectInView(m, m.getByTestId('poll-card').filter({ hasText: POLL.question }).getByTestId('poll-status'), 'open poll status', { uncovered: true });
  await expectInView(m, m.getByTestId('pending-jump'), 'questions awaiting approval', { uncovered: true });
}

describe('the moderator console on a laptop', () => {
  test('shows the floor, the next speakers, the poll and the pending questions without scrolling; a closed poll keeps its card', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const moderatorInvite = await plenary.inviteFor('moderator', 'panel-1');
    const [moderator, phoneA, phoneB] = await Promise.all([openDevice(browser, 'moderator', LAPTOP), openDevice(browser, 'phone A', PHONE), openDevice(browser, 'phone B', PHONE)]);
    const everyone: Device[] = [moderator, phoneA, phoneB];
    const m = moderator.page;

    await joinWithInvite(m, base, moderatorInvite, { name: 'Arman Kenzhebekov', organisation: 'Agency for Civil Service Affairs', country: 'Kazakhstan' });
    await m.goto(`${base}${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    await Promise.all(
      [phoneA, phoneB].map(async (phone, index) => {
        await joinWithCode(phone.page, base, { name: index ? 'Nodir Karimov' : 'Ketevan Abashidze', country: index ? 'Uzbekistan' : 'Georgia' });
        await phone.page.getByTestId('enter-panel-1').first().click();
        await phone.page.getByTestId('audience-room').waitFor();
      }),
    );

    // The way back to the agenda is a plain link.
    expect(await m.getByTestId('console-agenda').getAttribute('href')).toBe(`/e/${EVENT_ID}`);

    await m.getByTestId('room-toggle').click();
    await m.getByTestId('room-toggle-confirm').click();
    await expect.poll(() => m.getByTestId('room-status').textContent()).toContain('Room open');

    await m.getByTestId('add-speaker').locator('summary').click();
    await m.getByTestId('source-typed').check();
    const queueRows = m.getByTestId('queue-row');
    for (const [index, [name, organisation, country]] of SPEAKERS.entries()) {
      await m.getByTestId('add-name').fill(name);
      await m.getByTestId('add-organisation').fill(organisation);
      await m.getByTestId('add-country').fill(country);
      await m.getByTestId('add-speaker-submit').click();
      await expect.poll(() => queueRows.count()).toBe(index + 1);
    }
    await m.getByTestId('add-speaker').locator('summary').click();
    await m.getByTestId('call-next').click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe(SPEAKERS[0][0]);
    await expect.poll(() => queueRows.count()).toBe(3);

    // A poll whose results wait for the chair's reveal, so Reveal is there once voting closes.
    const pollCard = m.getByTestId('poll-card').filter({ hasText: POLL.question });
    await m.getByTestId('new-poll').click();
    await m.getByTestId('poll-question').fill(POLL.question);
    await m.getByTestId('poll-kind').selectOption('single');
    await m.getByTestId('poll-option').nth(0).fill(POLL.options[0]);
    await m.getByTestId('poll-option').nth(1).fill(POLL.options[1]);
    await m.getByTestId('poll-visibility').selectOption('on_reveal');
    await m.getByTestId('poll-save').click();
    await pollCard.getByTestId('poll-launch').click();
    await pollCard.getByTestId('poll-close').waitFor();

    await m.getByTestId('qa-premoderation').check();
    await expect.poll(() => m.getByTestId('qa-premoderation').isChecked()).toBe(true);

    await Promise.all(
      [phoneA, phoneB].map(async (phone, index) => {
        const single = phone.page.getByTestId('poll-single');
        await single.getByRole('radio', { name: POLL.options[index]! }).check();
        await single.getByTestId('poll-submit').click();
        await single.getByTestId('poll-counted').waitFor();
        await showSection(phone.page, 'questions');
        await phone.page.getByTestId('ask-text').fill(QUESTIONS[index]!);
        await phone.page.getByTestId('ask-submit').click();
        await phone.page.getByTestId('ask-outcome').waitFor();
      }),
    );
    await expect.poll(() => m.getByTestId('pending-jump').textContent()).toContain('2');
    await pollCard.getByRole('listitem', { name: `${POLL.options[0]}: 1, 50 percent` }).waitFor();
    await m.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());

    await shoot(m, 'console-01-laptop-en');
    await expectGlanceInView(m);

    // One action, from the keyboard, reaches the questions: the list waiting has the keyboard and is in view.
    await m.getByTestId('pending-jump').focus();
    await m.keyboard.press('Enter');
    const pending = m.getByTestId('pending-questions');
    await expect.poll(() => pending.evaluate((list) => list.contains(document.activeElement) || list === document.activeElement)).toBe(true);
    await expectInView(m, pending.getByTestId('question-item').first(), 'first question awaiting approval', { uncovered: true });
    // Only the questions' column moved: the floor and the header stay where they were.
    await expectInView(m, m.getByTestId('pending-jump'), 'questions awaiting approval, after the jump', { uncovered: true });
    await expectInView(m, m.getByTestId('current-speaker'), 'current speaker, after the jump', { uncovered: true });
    await shoot(m, 'console-02-laptop-pending');
    // The next Tab is the first Approve, and Enter approves it.
    await m.keyboard.press('Tab');
    expect(await m.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('question-approve');
    await m.keyboard.press('Enter');
    await expect.poll(() => m.getByTestId('pending-jump').textContent()).toContain('1');

    // Closing the poll keeps its card, with Reveal and Show on projector, until dismissed, even across a reload.
    await pollCard.getByTestId('poll-close').click();
    await expect.poll(() => pollCard.getByTestId('poll-status').textContent()).toContain('Closed');
    await expectInView(m, pollCard.getByTestId('poll-reveal'), 'Reveal', { uncovered: true });
    await expectInView(m, pollCard.getByTestId('poll-project'), 'Show on projector', { uncovered: true });
    expect(await m.getByTestId('closed-polls').count()).toBe(0);
    await shoot(m, 'console-03-laptop-closed-poll');
    await m.reload();
    await pollCard.getByTestId('poll-reveal').waitFor();
    await pollCard.getByTestId('poll-dismiss').click();
    await m.getByTestId('closed-polls').waitFor();
    expect(await m.getByTestId('poll-list').getByTestId('poll-card').count()).toBe(0);
    // Focus stays in the panel rather than falling to the page.
    expect(await m.getByTestId('polls-panel').evaluate((panel) => panel.contains(document.activeElement))).toBe(true);
    await m.reload();
    await m.getByTestId('closed-polls').waitFor();
    expect(await m.getByTestId('poll-list').getByTestId('poll-card').count()).toBe(0);
    await m.getByTestId('closed-polls').locator('summary').click();
    await m.getByTestId('closed-polls').getByTestId('poll-reveal').waitFor();

    // The same console on a big screen, and in Russian, whose labels are longer.
    await m.setViewportSize(SCREEN);
    await m.getByTestId('closed-polls').locator('summary').click();
    await shoot(m, 'console-04-screen-en');
    await m.setViewportSize(LAPTOP);
    await m.getByTestId('language').selectOption('ru');
    await expect.poll(() => m.getByTestId('poll-list').textContent()).not.toContain('Voting');
    await m.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await shoot(m, 'console-05-laptop-ru');
    await expectInView(m, m.getByTestId('current-speaker'), 'current speaker (ru)', { uncovered: true });
    await expectInView(m, m.getByTestId('current-turn').getByTestId('timer').getByRole('timer'), 'turn timer (ru)', { uncovered: true });
    for (const index of [0, 1, 2]) await expectInView(m, queueRows.nth(index), `next speaker ${index + 1} (ru)`, { uncovered: true });
    await expectInView(m, m.getByTestId('pending-jump'), 'questions awaiting approval (ru)', { uncovered: true });

    // Narrower screens stack the columns; the header wraps rather than overflowing.
    for (const [width, name] of [[1024, 'console-06-tablet-ru'], [800, 'console-07-narrow-ru']] as const) {
      await m.setViewportSize({ width, height: 768 });
      expect(await m.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), `no sideways scroll at ${width} px`).toBe(true);
      await shoot(m, name);
    }

    expect(everyone.flatMap((device) => device.errors.map((e) => `${device.name}: ${e}`))).toEqual([]);
  });
});
