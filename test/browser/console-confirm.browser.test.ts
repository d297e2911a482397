import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithInvite, openDevice, serverAndBrowser } from './support/plenary-browser.ts';
import { ok } from '../support/plenary.ts';

/**
 * Deleting a poll or a quiz from the console asks first, the way opening a room does: asking
 * puts the keyboard on the confirm button, cancelling brings it back to the button that asked,
 * and confirming removes the card on every console. A "New …" builder cancelled hands the keyboard
 * back the same way.
 */
const POLL = 'Which region should host the next Hub forum?';
const QUIZ = 'Merit warm-up';

const suite = serverAndBrowser();
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('delete behind a confirmation in the console', () => {
  test('a poll and a quiz: ask, cancel, ask again, confirm', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const moderatorInvite = await plenary.inviteFor('moderator', 'panel-1');
    const { socket: helper } = await plenary.person({ invite: moderatorInvite, name: 'Co-chair Dana' });
    await ok(helper, 'room.join', { roomId: 'panel-1' });
    await ok(helper, 'poll.create', { question: POLL, spec: { kind: 'single', options: ['Almaty', 'Tbilisi', 'Baku'] } });
    await ok(helper, 'quiz.create', {
      title: QUIZ,
      questions: [{ question: 'How many stages has the merit cycle?', kind: 'single', options: ['Two', 'Three', 'Four'], correct: [1], timeLimitSec: 20 }],
    });

    const moderator = await openDevice(browser, 'moderator', LAPTOP);
    const m = moderator.page;
    await joinWithInvite(m, plenary.url, moderatorInvite, { name: 'Arman Kenzhebekov', organisation: 'Agency for Civil Service Affairs', country: 'Kazakhstan' });
    await m.goto(`${plenary.url}/e/${EVENT_ID}/r/panel-1`);
    await m.getByTestId('moderator-console').waitFor();

    for (const { card, ask, confirm } of [
      { card: m.getByTestId('poll-card').filter({ hasText: POLL }), ask: 'poll-delete', confirm: 'poll-delete-confirm' },
      { card: m.getByTestId('quiz-card').filter({ hasText: QUIZ }), ask: 'quiz-delete', confirm: 'quiz-delete-confirm' },
    ]) {
      await card.getByTestId(ask).click();
      await expect.poll(() => focused(m)).toBe(confirm);
      const question = card.getByRole('group');
      expect(await question.getAttribute('aria-label')).toBe(await question.locator('.confirm-text').innerText());
      await shoot(m, `console-confirm-${ask}`, card);
      await question.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => focused(m)).toBe(ask);
      expect(await card.getByTestId(confirm).count()).toBe(0);

      await card.getByTestId(ask).click();
      await card.getByTestId(confirm).click();
      await card.waitFor({ state: 'detached' });
    }
    // A builder opened and cancelled hands the keyboard back to the button that opened it.
    for (const [open, panel] of [['new-poll', 'polls-panel'], ['new-quiz', 'quiz-panel']] as const) {
      await m.getByTestId(open).click();
      await m.getByTestId(panel).getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => focused(m)).toBe(open);
    }
    const { state } = await ok(helper, 'room.snapshot', {});
    expect(state.polls.some((poll) => poll.question === POLL)).toBe(false);
    expect((state.quizzes ?? []).some((quiz) => quiz.title === QUIZ)).toBe(false);
    await moderator.context.close();
  });
});
