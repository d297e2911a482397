import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { LAPTOP, newDevice, SCREEN, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device } from './support/plenary-browser.ts';
import { ok, send, type ClientSocket } from '../support/plenary.ts';

/**
 * A quiz as Panel 1 runs it: the chair writes three questions in the console on a 1366×768
 * laptop (one with twenty options of 120 characters), puts the quiz on the projector and runs it.
 * Four players answer from test sockets. Two projectors, 1920×1080 in English and 1280×720 in
 * Russian, show each question, its answer, the leaderboard and the final results with every
 * element asserted inside the viewport, and every moment is photographed to be looked at.
 */
const ROOM = 'panel-1';
const HD = { width: 1280, height: 720 } as const;
const TITLE = 'Merit through history';
const TIME_LIMIT_SEC = 10;

const Q1 = { text: 'Which country introduced the first competitive civil service examinations?', options: ['China', 'France', 'Prussia'] };
const Q2 = { text: 'Which two principles did the Northcote–Trevelyan report recommend?', options: ['Merit', 'Seniority', 'Patronage', 'Open competition'] };
/** A 120-character option label, different for each option. */
function longLabel(index: number): string {
  return `Option ${index + 1}: publish the civil service merit index every year with the methodology, raw data and an independent review`.padEnd(120, '.').slice(0, 120);
}
const Q3 = { text: 'Which of these twenty measures did the Hub’s 2023 review find most effective at raising trust in the civil service?', options: Array.from({ length: 20 }, (_, i) => longLabel(i)) };
const Q3_CORRECT = 6;

const suite = serverAndBrowser();

/** The boxes of every element matching `selector` that lie (even partly) outside the viewport. */
async function outside(page: Page, selector: string): Promise<{ count: number; out: string[] }> {
  return page.evaluate((sel) => {
    const elements = [...document.querySelectorAll(sel)];
    const out = elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      const inside = box.width > 0 && box.height > 0 && box.left >= -0.5 && box.top >= -0.5 && box.right <= window.innerWidth + 0.5 && box.bottom <= window.innerHeight + 0.5;
      return inside ? [] : [`${(element.textContent ?? '').trim().slice(0, 40)} @ ${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)}`];
    });
    return { count: elements.length, out };
  }, selector);
}

async function expectInside(page: Page, selector: string, expected: number): Promise<void> {
  const { count, out } = await outside(page, selector);
  expect(count, `${selector}: how many`).toBe(expected);
  expect(out, `${selector}: outside the ${page.viewportSize()?.width}×${page.viewportSize()?.height} viewport`).toEqual([]);
}

type Projector = { device: Device; label: string };

/** Both projectors reach the view, settle, are photographed, and show everything inside the screen. */
async function checkProjectors(projectors: Projector[], view: string, moment: string, items: { selector: string; count: number }[]): Promise<void> {
  for (const { device, label } of projectors) {
    const page = device.page;
    await page.locator(`[data-testid="projector-quiz-view"][data-view="${view}"]`).waitFor();
    // The new view has faded in whole and the fit scale has settled before anything is measured.
    await page.waitForFunction(() => {
      const shown = document.querySelector('[data-testid="projector-quiz-view"]');
      return shown !== null && getComputedStyle(shown).opacity === '1' && !/quiz-view-/.test(shown.className);
    });
    await page.waitForTimeout(300);
    await shoot(page, `quiz-console-${moment}-projector-${label}`);
    for (const { selector, count } of items) await expectInside(page, selector, count);
    await expectInside(page, '[data-testid="audience-code"]', 1);
  }
}

async function answer(socket: ClientSocket, pollId: string, optionNumbers: number[], kind: 'single' | 'multiple'): Promise<void> {
  const ids = optionNumbers.map((n) => `o${n}`);
  await ok(socket, 'poll.vote', { pollId, ballot: kind === 'single' ? { kind, optionId: ids[0]! } : { kind, optionIds: ids } });
}

async function fillQuestion(question: Locator, text: string, options: readonly string[]): Promise<void> {
  await question.getByTestId('quiz-question-text').fill(text);
  const labels = question.getByTestId('quiz-option-label');
  while ((await labels.count()) < options.length) await question.getByTestId('quiz-add-option').click();
  for (const [index, label] of options.entries()) await labels.nth(index).fill(label);
}

describe('a quiz in the console and on the projector', () => {
  test('the chair builds and runs a 3-question quiz; the projectors show questions, answers and leaderboards inside the screen', { timeout: 240_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const moderatorInvite = await plenary.inviteFor('moderator', ROOM);
    const { socket: helper } = await plenary.person({ invite: moderatorInvite, name: 'Co-chair Dana' });
    await ok(helper, 'room.join', { roomId: ROOM });
    await ok(helper, 'room.open', {});
    const names = ['Aigerim Sarsenova', 'Bakhyt Omarov', 'Chinara Jakypova', 'Dilnoza Yusupova'];
    const players: ClientSocket[] = [];
    for (const name of names) {
      const { socket } = await plenary.person({ code: 'ACSH23', name });
      await ok(socket, 'room.join', { roomId: ROOM });
      players.push(socket);
    }
    const [aigerim, bakhyt, chinara, dilnoza] = players as [ClientSocket, ClientSocket, ClientSocket, ClientSocket];

    const moderator = await openDevice(browser, 'moderator', LAPTOP);
    const english = await openDevice(browser, 'projector 1920×1080', SCREEN);
    const russianDevice = await newDevice(browser, HD, 'ru-RU');
    const russian: Device = { name: 'projector 1280×720 (ru)', ...russianDevice, dialogs: [], errors: [] };
    russian.page.on('pageerror', (error) => russian.errors.push(String(error)));
    const devices = [moderator, english, russian];
    const projectors: Projector[] = [
      { device: english, label: '1920x1080' },
      { device: russian, label: '1280x720-ru' },
    ];
    const m = moderator.page;
    await joinWithInvite(m, base, moderatorInvite, { name: 'Arman Kenzhebekov', organisation: 'Agency for Civil Service Affairs', country: 'Kazakhstan' });
    await m.goto(`${base}/e/${EVENT_ID}/r/${ROOM}`);
    await m.getByTestId('moderator-console').waitFor();
    const display = await plenary.inviteFor('display', ROOM);
    for (const { device } of projectors) await openScreen(device.page, base, display, `/e/${EVENT_ID}/r/${ROOM}/projector`);

    // The chair writes the quiz in the console.
    const panel = m.getByTestId('quiz-panel');
    await panel.getByTestId('new-quiz').click();
    const builder = panel.getByTestId('quiz-builder');
    await builder.getByTestId('quiz-title').fill(TITLE);
    const questions = builder.getByTestId('quiz-question-fields');
    await fillQuestion(questions.nth(0), Q1.text, Q1.options);
    await questions.nth(0).getByTestId('quiz-option-correct').nth(0).check();
    // A time limit under 5 s is refused beside its field, and nothing is saved.
    await questions.nth(0).getByTestId('quiz-time-limit').fill('3');
    await builder.getByTestId('quiz-save').click();
    const timeProblem = builder.locator('[data-field="questions.0.timeLimitSec"]');
    await expect.poll(() => timeProblem.innerText()).toContain('from 5 to 600');
    await shoot(m, 'quiz-console-01-builder-refusal', timeProblem);
    await questions.nth(0).getByTestId('quiz-time-limit').fill(String(TIME_LIMIT_SEC));

    await builder.getByTestId('quiz-add-question').click();
    const second = questions.nth(1);
    await second.getByTestId('quiz-question-kind').selectOption('multiple');
    // Typed in another order, then the last option moved up: its correct mark moves with it.
    await fillQuestion(second, Q2.text, [Q2.options[0]!, Q2.options[1]!, Q2.options[3]!, Q2.options[2]!]);
    await second.getByTestId('quiz-option-correct').nth(0).check();
    await second.getByTestId('quiz-option-correct').nth(2).check();
    await second.getByTestId('quiz-option-row').nth(2).getByRole('button', { name: 'Move option C down' }).click();
    expect(await second.getByTestId('quiz-option-label').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(Q2.options);
    expect(await second.getByTestId('quiz-option-correct').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).checked))).toEqual([true, false, false, true]);
    await second.getByTestId('quiz-time-limit').fill(String(TIME_LIMIT_SEC));

    await builder.getByTestId('quiz-add-question').click();
    const third = questions.nth(2);
    await fillQuestion(third, Q3.text, Q3.options);
    await third.getByTestId('quiz-option-correct').nth(Q3_CORRECT).check();
    await third.getByTestId('quiz-time-limit').fill(String(TIME_LIMIT_SEC));
    await shoot(m, 'quiz-console-02-builder', second);
    await builder.getByTestId('quiz-save').click();

    const card = panel.getByTestId('quiz-card').filter({ hasText: TITLE });
    await card.waitFor();
    await expect.poll(() => card.getByTestId('quiz-run').innerText()).toBe('Start quiz');
    const { state } = await ok(helper, 'room.snapshot', {});
    const quiz = state.quizzes?.[0];
    expect(quiz?.pollIds).toHaveLength(3);
    const [p1, p2, p3] = quiz!.pollIds as [string, string, string];
    expect(state.polls.find((poll) => poll.id === p2)?.quiz?.correctOptionIds).toEqual(['o1', 'o4']);
    // A quiz's questions are run from the quiz, not listed among the polls.
    expect(await m.getByTestId('polls-panel').getByTestId('poll-card').count()).toBe(0);
    await ok(aigerim, 'quiz.nickname', { quizId: quiz!.id, nickname: 'Quizmaster Aigerim' });

    await card.getByTestId('quiz-project').click();
    await checkProjectors(projectors, 'ready', '03-ready', [{ selector: '[data-testid="projector-quiz-ready"]', count: 1 }]);

    // Question 1: the projectors show it with its countdown; players answer; the chair sees the count and the answer.
    await card.getByTestId('quiz-run').click();
    const live = card.getByTestId('quiz-live-question');
    await live.getByTestId('poll-countdown').waitFor();
    await answer(aigerim, p1, [1], 'single');
    await answer(bakhyt, p1, [1], 'single');
    await answer(chinara, p1, [1], 'single');
    await answer(dilnoza, p1, [2], 'single');
    await expect.poll(() => live.getByTestId('quiz-answered').innerText()).toBe('4 answers so far');
    expect(await live.locator('[data-testid="quiz-live-option"].correct').innerText()).toContain('China');
    await shoot(m, 'quiz-console-04-console-open', card);
    await expect.poll(() => english.page.getByTestId('projector-quiz-answers').innerText()).toBe('4 answers');
    await expect.poll(() => russian.page.getByTestId('projector-quiz-progress').innerText()).toBe('Вопрос 1 из 3');
    // While the question is open no screen but the chair's knows the answer.
    expect(await english.page.getByTestId('projector-quiz-correct').count()).toBe(0);
    await checkProjectors(projectors, 'question', '05-q1-open', [
      { selector: '[data-testid="projector-quiz-question"]', count: 1 },
      { selector: '[data-testid="projector-quiz-option"]', count: 3 },
      { selector: '[data-testid="projector-quiz-answers"]', count: 1 },
      { selector: '[data-testid="poll-countdown"]', count: 1 },
    ]);

    // Time is up: the server closes the question; a late answer is refused; the projectors show the answer.
    await english.page.locator('[data-testid="projector-quiz"][data-view="answer"]').waitFor({ timeout: (TIME_LIMIT_SEC + 5) * 1_000 });
    const late = await send(dilnoza, 'poll.vote', { pollId: p1, ballot: { kind: 'single', optionId: 'o1' } });
    expect(late.ok ? null : late.error.code).toBe('conflict');
    await checkProjectors(projectors, 'answer', '06-q1-answer', [
      { selector: '[data-testid="projector-quiz-question"]', count: 1 },
      { selector: '[data-testid="projector-quiz-option"]', count: 3 },
      { selector: '[data-testid="projector-quiz-correct"]', count: 1 },
    ]);
    expect(await english.page.locator('[data-testid="projector-quiz-option"][data-correct="true"]').innerText()).toMatch(/China[\s\S]*✓ correct[\s\S]*3/);
    expect(await russian.page.getByTestId('projector-quiz-correct').innerText()).toBe('✓ правильный');

    // The leaderboard after question 1.
    await card.getByTestId('quiz-show-board').click();
    await checkProjectors(projectors, 'leaderboard', '07-q1-board', [{ selector: '[data-testid="projector-quiz-board-row"]', count: 4 }]);
    await expect.poll(() => english.page.getByTestId('projector-quiz-board-title').innerText()).toBe('Leaderboard');
    await expect.poll(() => card.getByTestId('quiz-run').innerText()).toBe('Next question (2 of 3)');
    await shoot(m, 'quiz-console-08-console-board', card);

    // Question 2 (two correct answers).
    await card.getByTestId('quiz-run').click();
    await checkProjectors(projectors, 'question', '09-q2-open', [{ selector: '[data-testid="projector-quiz-option"]', count: 4 }]);
    await answer(aigerim, p2, [1, 4], 'multiple');
    await answer(bakhyt, p2, [1, 4], 'multiple');
    await answer(chinara, p2, [1], 'multiple');
    await answer(dilnoza, p2, [2], 'multiple');
    await english.page.locator('[data-testid="projector-quiz"][data-view="answer"]').waitFor({ timeout: (TIME_LIMIT_SEC + 5) * 1_000 });
    await checkProjectors(projectors, 'answer', '10-q2-answer', [
      { selector: '[data-testid="projector-quiz-option"]', count: 4 },
      { selector: '[data-testid="projector-quiz-correct"]', count: 2 },
    ]);

    // Question 3: twenty options of 120 characters still fit both screens, open and answered.
    await expect.poll(() => card.getByTestId('quiz-run').innerText()).toBe('Next question (3 of 3)');
    await card.getByTestId('quiz-run').click();
    await checkProjectors(projectors, 'question', '11-q3-open', [
      { selector: '[data-testid="projector-quiz-question"]', count: 1 },
      { selector: '[data-testid="projector-quiz-option"]', count: 20 },
      { selector: '[data-testid="projector-quiz-answers"]', count: 1 },
    ]);
    await answer(aigerim, p3, [Q3_CORRECT + 1], 'single');
    await answer(bakhyt, p3, [1], 'single');
    await answer(dilnoza, p3, [2], 'single');
    await shoot(m, 'quiz-console-12-console-q3', card);
    await english.page.locator('[data-testid="projector-quiz"][data-view="answer"]').waitFor({ timeout: (TIME_LIMIT_SEC + 5) * 1_000 });
    await checkProjectors(projectors, 'answer', '13-q3-answer', [
      { selector: '[data-testid="projector-quiz-option"]', count: 20 },
      { selector: '[data-testid="projector-quiz-correct"]', count: 1 },
      { selector: '[data-testid="projector-quiz-question"]', count: 1 },
    ]);
    for (const { device } of projectors) {
      const size = await device.page.getByTestId('projector-quiz-question').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
      expect(size, `${device.name}: the question stays legible`).toBeGreaterThanOrEqual((device.page.viewportSize()?.height ?? 0) / 30);
    }

    // The end: final results, ranked by correct answers (each within its time limit, so points follow them).
    await expect.poll(() => card.getByTestId('quiz-run').innerText()).toBe('Finish quiz');
    await card.getByTestId('quiz-run').click();
    await checkProjectors(projectors, 'leaderboard', '14-final', [{ selector: '[data-testid="projector-quiz-board-row"]', count: 4 }]);
    await expect.poll(() => english.page.getByTestId('projector-quiz-board-title').innerText()).toBe('Final results');
    await expect.poll(() => russian.page.getByTestId('projector-quiz-board-title').innerText()).toBe('Итоги');
    const rows = await english.page.getByTestId('projector-quiz-board-row').allInnerTexts();
    expect(rows.map((row) => row.split('\n').slice(0, 2).join(' '))).toEqual(['1 Quizmaster Aigerim', '2 Bakhyt Omarov', '3 Chinara Jakypova', '4 Dilnoza Yusupova']);
    expect(rows[3]).toContain('0 pts');
    await expect.poll(() => card.getByTestId('quiz-status').innerText()).toBe('Finished');
    await expect.poll(() => card.getByTestId('quiz-console-board-row').count()).toBe(4);
    await shoot(m, 'quiz-console-15-console-final', card);

    for (const device of devices) {
      expect(device.errors, `${device.name}: page errors`).toEqual([]);
      await device.context.close();
    }
  });
});
