import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, shoot } from './support/chromium.ts';
import { heard, inViewport, listen } from './support/in-view.ts';
import { AUDIENCE_CODE, joinWithCode, openDevice, serverAndBrowser, type Device } from './support/plenary-browser.ts';
import { ok, type ClientSocket } from '../support/plenary.ts';
import { QUIZ_POINTS, QUIZ_TIME_LIMIT_SEC } from '../../shared/model/quiz.ts';

/**
 * Two phones at 360×740, one in Russian, play a three-question quiz the chair runs from a plain
 * socket. Each sits in the Questions section, scrolled down, when a question opens: the banner
 * names the quiz question and one tap shows its options; they answer, their answer is locked
 * in, and when the server closes the question at its time limit they see right or wrong and
 * their place, which is the place quiz.leaderboard gives them.
 */
const suite = serverAndBrowser();
const LIMIT_SEC = QUIZ_TIME_LIMIT_SEC.min;

const QUESTIONS = [
  { question: 'Which body appoints senior civil servants in the reform?', kind: 'single' as const, options: ['The agency', 'The ministry', 'Parliament'], correct: [0] },
  { question: 'Which two grades are opened to competition first?', kind: 'multiple' as const, options: ['Senior', 'Middle', 'Junior', 'Support'], correct: [0, 1] },
  { question: 'How long is the probation period?', kind: 'single' as const, options: ['3 months', '6 months', '1 year'], correct: [1] },
];

type Player = { device: Device; name: string; locale: 'en' | 'ru'; answers: string[][] };



async function toQuestionsScrolled(page: Page): Promise<void> {
  await page.getByTestId('section-questions').click();
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
}

/** The player's place as the chair's quiz.leaderboard lists it: rank and points under their name. */
async function placeOnBoard(chair: ClientSocket, quizId: string, name: string) {
  const board = await ok(chair, 'quiz.leaderboard', { quizId, limit: 100 });
  const row = board.top.find((candidate) => candidate.name === name);
  return { row, players: board.players };
}

async function expectPlace(player: Player, chair: ClientSocket, quizId: string): Promise<void> {
  const p = player.device.page;
  const place = p.getByTestId('quiz-place');
  await place.waitFor({ timeout: 10_000 });
  const { row, players } = await placeOnBoard(chair, quizId, player.name);
  expect(row, `${player.name} is on the board`).toBeDefined();
  await expect.poll(() => place.getAttribute('data-rank')).toBe(String(row!.rank));
  expect(await place.getAttribute('data-points')).toBe(String(row!.points));
  expect(await place.getAttribute('data-players')).toBe(String(players));
  const text = await place.innerText();
  if (player.locale === 'ru') expect(text).toContain(`Вы на ${row!.rank}-м месте из ${players}`);
  else expect(text).toMatch(new RegExp(`You are ${row!.rank}(st|nd|rd|th) of ${players}`));
}

describe('a quiz on two phones', () => {
  test('each question is announced, answered in one tap, judged when time is up, and the place matches the leaderboard', { timeout: 240_000 }, async () => {
    const { browser, plenary } = suite;
    const { socket: chair } = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Arman Kenzhebekov', attendance: 'hall' });
    await ok(chair, 'room.join', { roomId: 'panel-1' });
    await ok(chair, 'room.open', {});
    // Enough questions on the board that a phone has to scroll to see the last.
    for (let n = 1; n <= 6; n++) {
      const { socket } = await plenary.person({ code: AUDIENCE_CODE, name: `Delegate ${n}` });
      await ok(socket, 'room.join', { roomId: 'panel-1' });
      await ok(socket, 'qa.ask', { text: `Question ${n}: how will the reform reach the regional offices and their staff?`, anonymous: false });
      socket.disconnect();
    }
    const { quizId, pollIds } = await ok(chair, 'quiz.create', {
      title: 'Civil service reform',
      questions: QUESTIONS.map((q) => ({ ...q, timeLimitSec: LIMIT_SEC })),
    });
    // A second quiz the chair prepares for later: no phone shows it.
    await ok(chair, 'quiz.create', { title: 'Later: open data', questions: [{ ...QUESTIONS[0]!, timeLimitSec: LIMIT_SEC }] });

    // Letters each player taps, question by question: the English phone is right every time, the Russian one misses the second.
    const players: Player[] = [
      { device: await openDevice(browser, 'phone-en', PHONE), name: 'Ketevan Abashidze', locale: 'en', answers: [['A'], ['A', 'B'], ['B']] },
      { device: await openDevice(browser, 'phone-ru', PHONE), name: 'Дмитрий Соколов', locale: 'ru', answers: [['A'], ['A', 'C'], ['C']] },
    ];
    for (const player of players) {
      const p = player.device.page;
      await joinWithCode(p, plenary.url, { name: player.name, country: 'Georgia' });
      await p.getByTestId('enter-panel-1').first().click();
      await p.getByTestId('audience-room').waitFor();
      if (player.locale === 'ru') await p.getByTestId('language').selectOption('ru');
      await expect.poll(() => p.getByTestId('section-questions-count').textContent()).toBe('6');
      // Quizzes being prepared are the chair's: a phone sees none until one is on the projector.
      expect(await p.getByTestId('quiz-card').count()).toBe(0);
    }
    await ok(chair, 'projector.show', { mode: 'quiz', quizId });
    for (const player of players) {
      const p = player.device.page;
      // Announced on the projector, before its first question, the quiz's card says it starts soon, with the rule and the name to play as.
      const card = p.getByTestId('quiz-card');
      await expect.poll(() => card.getAttribute('data-quiz-stage')).toBe('waiting');
      expect(await card.getByTestId('quiz-rule').innerText()).toContain(String(QUIZ_POINTS.min));
      expect(await card.getByTestId('quiz-nickname-input').inputValue()).toBe(player.name);
      await shoot(p, `quiz-phone-00-waiting-${player.locale}`, card);
    }

    for (const [index, question] of QUESTIONS.entries()) {
      const number = index + 1;
      for (const player of players) {
        await toQuestionsScrolled(player.device.page);
        await listen(player.device.page);
      }
      const { pollId } = await ok(chair, 'quiz.next', { quizId });
      expect(pollId).toBe(pollIds[index]);

      // Both phones at once: the question is open for only the minimum time limit.
      await Promise.all(players.map(async (player) => {
        const p = player.device.page;
        const banner = p.getByTestId('poll-banner');
        await banner.waitFor();
        expect(await inViewport(p, banner), 'the banner is on screen in the Questions section').toBe(true);
        const title = player.locale === 'ru' ? `Вопрос викторины ${number} из 3` : `Quiz question ${number} of 3`;
        await expect.poll(() => p.getByTestId('poll-banner-title').innerText()).toBe(title);
        await expect.poll(() => heard(p)).toContain(`${title}: ${question.question}`);
        if (number === 1) await shoot(p, `quiz-phone-01-banner-${player.locale}`);

        await p.getByTestId('poll-banner-go').click();
        const card = p.locator(`[data-testid="quiz-card"][data-poll-id="${pollId}"]`);
        await expect.poll(() => inViewport(p, card.getByTestId('quiz-option-A'))).toBe(true);
        expect(await inViewport(p, card.getByRole('heading', { name: question.question })), 'the question is not under the sticky strip').toBe(true);
        expect(await card.getByTestId('quiz-question-number').innerText()).toBe(player.locale === 'ru' ? `Вопрос ${number} из 3` : `Question ${number} of 3`);
        expect(await card.getByTestId('quiz-rule').innerText()).toContain(String(QUIZ_POINTS.max));
        expect(await p.getByTestId('poll-banner').count()).toBe(0);
        if (number === 1) await shoot(p, `quiz-phone-02-question-${player.locale}`);

        for (const letter of player.answers[index]!) await card.getByTestId(`quiz-option-${letter}`).click();
        if (question.kind === 'multiple') await card.getByTestId('quiz-lock-in').click();
        await card.getByTestId('quiz-locked').waitFor();
        if (number === 2) await shoot(p, `quiz-phone-03-locked-${player.locale}`, card.getByTestId('quiz-question-number'));
        // The Russian phone loses its network with the last answer in, and misses the question's close and the board after it.
        if (number === 3 && player.locale === 'ru') await player.device.context.setOffline(true);
      }));
      // Quiz questions live only in their quiz's card.
      expect(await players[0]!.device.page.locator(`[data-testid^="poll-"][data-poll-id="${pollId}"]`).count()).toBe(0);

      for (const player of players) {
        const p = player.device.page;
        const card = p.getByTestId('quiz-card');
        if (number === 3 && player.locale === 'ru') {
          // Back after the question closed (the other phone already saw it): the snapshot brings the answer, a fresh read the place.
          await p.getByTestId('connection-banner').waitFor();
          await player.device.context.setOffline(false);
        }
        const verdict = card.getByTestId('quiz-verdict');
        await verdict.waitFor({ timeout: (LIMIT_SEC + 10) * 1_000 });
        const right = player.answers[index]!.join() === question.correct.map((i) => String.fromCharCode(65 + i)).join();
        expect(await verdict.getAttribute('data-correct')).toBe(String(right));
        expect(await card.getByTestId('quiz-correct-mark').count()).toBe(question.correct.length);
        await expect.poll(() => p.getByTestId('poll-banner').count(), { message: 'no banner over the card the player is looking at' }).toBe(0);
        await expectPlace(player, chair, quizId);
        await expect.poll(() => heard(p)).toContain(
          player.locale === 'ru' ? `${right ? 'Верно!' : 'Неверно.'} Вопрос ${number} из 3.` : `${right ? 'Right!' : 'Wrong.'} Question ${number} of 3.`,
        );
        await shoot(p, `quiz-phone-0${3 + number}-answer-${number}-${player.locale}`, card);
      }

      if (number === 2) {
        await ok(chair, 'quiz.showLeaderboard', { quizId });
        for (const player of players) {
          const p = player.device.page;
          await expect.poll(() => p.getByTestId('quiz-card').getAttribute('data-quiz-stage')).toBe('leaderboard');
          await expect.poll(() => p.getByTestId('quiz-top').locator('li').count()).toBe(2);
          await expectPlace(player, chair, quizId);
          await shoot(p, `quiz-phone-07-leaderboard-${player.locale}`, p.getByTestId('quiz-card'));
        }
        // Between questions the English player picks the name the boards show from now on.
        const [english] = players;
        const nickname = english!.device.page.getByTestId('quiz-nickname');
        await nickname.getByTestId('quiz-nickname-input').fill('shithead');
        await nickname.getByTestId('quiz-nickname-save').click();
        await expect.poll(() => nickname.getByTestId('quiz-nickname-error').innerText()).toContain('not allowed');
        await shoot(english!.device.page, 'quiz-phone-07-nickname-refused-en', nickname);
        await nickname.getByTestId('quiz-nickname-input').fill('Kate from Tbilisi');
        await nickname.getByTestId('quiz-nickname-save').click();
        await nickname.getByTestId('quiz-nickname-saved').waitFor();
        english!.name = 'Kate from Tbilisi';
        // The Russian phone is told in Russian, whatever language the server refuses in.
        const russian = players[1]!.device.page.getByTestId('quiz-nickname');
        await russian.getByTestId('quiz-nickname-input').fill('сука');
        await russian.getByTestId('quiz-nickname-save').click();
        await expect.poll(() => russian.getByTestId('quiz-nickname-error').innerText()).toBe('Это имя здесь не допускается, выберите другое.');
        await shoot(players[1]!.device.page, 'quiz-phone-07-nickname-refused-ru', russian);
        await russian.getByTestId('quiz-nickname-input').fill('');
      }
    }

    await ok(chair, 'quiz.finish', { quizId });
    for (const player of players) {
      const p = player.device.page;
      await expect.poll(() => p.getByTestId('quiz-standings-heading').innerText()).toContain(player.locale === 'ru' ? 'Итоги' : 'Final results');
      await expectPlace(player, chair, quizId);
      expect(await p.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), 'no sideways scroll').toBe(true);
      await shoot(p, `quiz-phone-08-final-${player.locale}`, p.getByTestId('quiz-card'));
    }
    const final = await ok(chair, 'quiz.leaderboard', { quizId });
    expect(final.top.map((row) => row.name)).toEqual(['Kate from Tbilisi', 'Дмитрий Соколов']);

    // A reload brings the room back from a snapshot: nothing about the quiz is news any more.
    const p = players[0]!.device.page;
    await p.reload();
    await p.getByTestId('quiz-card').waitFor();
    await p.waitForTimeout(1_000);
    expect(await p.getByTestId('poll-banner').count(), 'no banner again after a reload').toBe(0);

    for (const player of players) {
      expect([...player.device.errors, ...player.device.dialogs]).toEqual([]);
      await player.device.context.close();
    }
    chair.disconnect();
  });
});
