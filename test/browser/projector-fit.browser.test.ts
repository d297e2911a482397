import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { PHONE, SCREEN, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, openDevice, openScreen, serverAndBrowser } from './support/plenary-browser.ts';
import { ok, type ClientSocket } from '../support/plenary.ts';

/**
 * The projector with the polls that used to overflow it: twenty options of 120 characters, five
 * options, a cloud of fifty words and a poll whose results wait for the reveal, each at 1920×1080
 * and 1280×720. Every bar, every word, the question, the voter count and the join code must lie
 * inside the viewport: asserted on the element boxes, and photographed to be looked at.
 */
const ROOM = 'panel-1';
const HD = { width: 1280, height: 720 } as const;
const VOTERS = 12;

const suite = serverAndBrowser();

/** A 120-character option label, different for each option. */
function longLabel(index: number): string {
  const text = `Option ${index + 1}: publish the civil service merit index every year with the methodology, raw data and an independent review`;
  return text.padEnd(120, '.').slice(0, 120);
}

const WORDS = [
  'transparency', 'merit', 'trust', 'accountability', 'integrity', 'openness', 'fairness', 'competence', 'digitalisation', 'reform',
  'efficiency', 'ethics', 'leadership', 'mobility', 'training', 'evaluation', 'service', 'citizens', 'innovation', 'responsiveness',
  'inclusion', 'motivation', 'professionalism', 'independence', 'continuity', 'data', 'feedback', 'recruitment', 'promotion', 'salary',
  'mentoring', 'diversity', 'neutrality', 'stability', 'learning', 'performance', 'standards', 'oversight', 'cooperation', 'results',
  'simplicity', 'agility', 'courage', 'respect', 'listening', 'clarity', 'evidence', 'partnership', 'resilience', 'legitimacy',
];

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

describe('the projector fits every result', () => {
  test('20 long options, 5 options, 50 words, every other kind and hidden results, at 1920×1080 and 1280×720', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const chair = (await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Co-chair Dana' })).socket;
    await ok(chair, 'room.join', { roomId: ROOM });
    await ok(chair, 'room.open', {});
    const voters: ClientSocket[] = [];
    for (let i = 0; i < VOTERS; i += 1) {
      const { socket } = await plenary.person({ code: 'ACSH23', name: `Delegate ${i + 1}` });
      await ok(socket, 'room.join', { roomId: ROOM });
      voters.push(socket);
    }

    const launch = async (question: string, spec: Parameters<typeof ok<'poll.create'>>[2]['spec'], visibility: 'live' | 'on_reveal') => {
      const { pollId } = await ok(chair, 'poll.create', { question, spec, settings: { resultsVisibility: visibility } });
      await ok(chair, 'poll.open', { pollId });
      return pollId;
    };
    const twenty = await launch(
      'Which of these twenty measures should the Hub recommend first to the civil services of the region, given the evidence presented today?',
      { kind: 'single', options: Array.from({ length: 20 }, (_, i) => longLabel(i)) },
      'live',
    );
    const five = await launch('Which entry route gives the fairest start?', { kind: 'single', options: ['Competitive examinations', 'Structured interviews', 'Assessment centres', 'Probation periods', 'Internships'] }, 'live');
    const cloud = await launch('One word for the civil service you want', { kind: 'word_cloud', maxWords: 5 }, 'live');
    const multiple = await launch(
      'Which three of these measures would you fund?',
      { kind: 'multiple', options: Array.from({ length: 20 }, (_, i) => longLabel(i)), maxChoices: 3 },
      'live',
    );
    const rating = await launch('How ready is your service for merit-based promotion?', { kind: 'rating', min: 0, max: 10, minLabel: 'Not at all', maxLabel: 'Fully' }, 'live');
    const ranking = await launch('Rank these reforms by urgency', { kind: 'ranking', options: Array.from({ length: 10 }, (_, i) => longLabel(i)) }, 'live');
    const openText = await launch('What should the Hub do next?', { kind: 'open_text', maxLength: 500 }, 'live');
    const hidden = await launch('Should the merit index be published?', { kind: 'single', options: ['Yes', 'No', 'Not yet'] }, 'on_reveal');
    for (const [i, socket] of voters.entries()) {
      await ok(socket, 'poll.vote', { pollId: twenty, ballot: { kind: 'single', optionId: `o${(i % 20) + 1}` } });
      await ok(socket, 'poll.vote', { pollId: five, ballot: { kind: 'single', optionId: `o${(i % 5) + 1}` } });
      // Ten voters give five words each: fifty words, the first ones more often.
      const words = i < 10 ? WORDS.slice(i * 5, i * 5 + 5) : WORDS.slice(0, 5);
      await ok(socket, 'poll.vote', { pollId: cloud, ballot: { kind: 'word_cloud', words } });
      if (i < 7) await ok(socket, 'poll.vote', { pollId: hidden, ballot: { kind: 'single', optionId: 'o1' } });
      await ok(socket, 'poll.vote', { pollId: multiple, ballot: { kind: 'multiple', optionIds: [0, 7, 13].map((k) => `o${((i + k) % 20) + 1}`) } });
      await ok(socket, 'poll.vote', { pollId: rating, ballot: { kind: 'rating', value: i % 11 } });
      const order = Array.from({ length: 10 }, (_, k) => `o${((i + k) % 10) + 1}`);
      await ok(socket, 'poll.vote', { pollId: ranking, ballot: { kind: 'ranking', optionIds: order } });
      // The longest answers a phone can send: the projector shows the newest six.
      await ok(socket, 'poll.vote', { pollId: openText, ballot: { kind: 'open_text', text: `${i + 1}. ${'Publish the methodology and the raw data of the merit index, and let an independent panel review them every year. '.repeat(5)}`.slice(0, 500) } });
    }

    const projector = await openDevice(browser, 'projector', SCREEN);
    const page = projector.page;
    await openScreen(page, plenary.url, await plenary.inviteFor('display', ROOM), `/e/${EVENT_ID}/r/${ROOM}/projector`);

    const cases = [
      { name: 'twenty', pollId: twenty, items: '[data-testid="result-bars"] > li', count: 20 },
      { name: 'five', pollId: five, items: '[data-testid="result-bars"] > li', count: 5 },
      { name: 'cloud', pollId: cloud, items: '[data-testid="cloud-word"]', count: 50 },
      { name: 'multiple', pollId: multiple, items: '[data-testid="result-bars"] > li', count: 20 },
      { name: 'rating', pollId: rating, items: '[data-testid="result-bars"] > li', count: 11 },
      { name: 'ranking', pollId: ranking, items: '[data-testid="ranking-results"] > li', count: 10 },
      { name: 'open-text', pollId: openText, items: '[data-testid="open-answers"] > li', count: 6 },
      { name: 'hidden', pollId: hidden, items: '[data-testid="response-count"]', count: 1 },
    ] as const;
    for (const { name, pollId, items, count } of cases) {
      await ok(chair, 'projector.show', { mode: 'poll', pollId });
      for (const viewport of [SCREEN, HD]) {
        await page.setViewportSize(viewport);
        await page.locator(items).first().waitFor();
        if (name === 'hidden') await expect.poll(() => page.getByTestId('response-count').innerText()).toBe('7 responses so far');
        else await expect.poll(() => page.getByTestId('result-voters').innerText()).toBe(`${VOTERS} voters`);
        // Let the fit scale and the cloud settle after the resize, then the transitions end.
        await page.waitForTimeout(300);
        await shoot(page, `projector-fit-${name}-${viewport.width}x${viewport.height}`);
        await expectInside(page, items, count);
        await expectInside(page, '[data-testid="projector-question"]', 1);
        // Fitting by shrinking everything to a speck would pass the boxes: the question stays legible.
        const questionPx = await page.getByTestId('projector-question').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
        expect(questionPx, `${name} at ${viewport.width}×${viewport.height}: the question's size`).toBeGreaterThanOrEqual(viewport.height / 30);
        await expectInside(page, '[data-testid="audience-code"]', 1);
        if (name !== 'hidden') await expectInside(page, '[data-testid="result-voters"]', 1);
      }
    }
    expect(projector.errors, 'projector: page errors').toEqual([]);
    await projector.context.close();

    // A phone sees the same count under the poll whose results wait for the reveal.
    const phone = await openDevice(browser, 'phone', PHONE);
    await joinWithCode(phone.page, plenary.url, { name: 'Ketevan Abashidze', country: 'Georgia' });
    await phone.page.getByTestId('enter-panel-1').first().click();
    const hiddenCard = phone.page.locator(`[data-poll-id="${hidden}"]`);
    await expect.poll(() => hiddenCard.getByTestId('poll-responses').innerText()).toBe('7 responses so far');
    await shoot(phone.page, 'projector-fit-phone-hidden-count', hiddenCard.getByTestId('poll-responses'));
    expect(phone.errors, 'phone: page errors').toEqual([]);
    await phone.context.close();
  });
});
