import { describe, expect, test } from 'vitest';
import { PHONE, shoot } from './support/chromium.ts';
import { heard, inViewport, listen } from './support/in-view.ts';
import { AUDIENCE_CODE, joinWithCode, openDevice, serverAndBrowser } from './support/plenary-browser.ts';
import { ok } from '../support/plenary.ts';

/**
 * A phone at 360×740 in the room's Questions section, scrolled down the board, when the chair
 * opens a poll: a banner comes into view, one tap shows the ballot, the live region says it is
 * a new poll, and a reload does not bring the banner back. In Russian too.
 */
const QUESTION = 'Should exams for senior posts be public?';

const suite = serverAndBrowser();



describe('a phone in a live session', () => {
  test('scrolled to the questions, it sees a new poll and reaches the ballot in one tap, once', { timeout: 150_000 }, async () => {
    const { browser, plenary } = suite;
    const { socket: chair } = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Arman Kenzhebekov', attendance: 'hall' });
    await ok(chair, 'room.join', { roomId: 'panel-1' });
    await ok(chair, 'room.open', {});
    // Enough questions on the board that the phone has to scroll down to the last.
    for (let n = 1; n <= 8; n++) {
      const { socket } = await plenary.person({ code: AUDIENCE_CODE, name: `Delegate ${n}` });
      await ok(socket, 'room.join', { roomId: 'panel-1' });
      await ok(socket, 'qa.ask', { text: `Question ${n}: how will the reform reach the regional offices and their staff?`, anonymous: false });
      socket.disconnect();
    }
    // Someone speaks with a timer, two wait.
    const speaking = await ok(chair, 'floor.add', { speaker: { name: 'Nodir Karimov', country: 'Uzbekistan' }, allottedSec: 180 });
    await ok(chair, 'floor.call', { requestId: speaking.requestId });
    await ok(chair, 'floor.add', { speaker: { name: 'Aigerim Sadykova', country: 'Kazakhstan' } });
    await ok(chair, 'floor.add', { speaker: { name: 'Lela Beridze', country: 'Georgia' } });
    const { pollId } = await ok(chair, 'poll.create', { question: QUESTION, spec: { kind: 'single', options: ['Yes', 'No', 'Only the results'] } });

    const phone = await openDevice(browser, 'phone', PHONE);
    const p = phone.page;
    await joinWithCode(p, plenary.url, { name: 'Ketevan Abashidze', country: 'Georgia' });
    await p.getByTestId('enter-panel-1').first().click();
    await p.getByTestId('audience-room').waitFor();
    await expect.poll(() => p.getByTestId('section-questions-count').textContent()).toBe('8');
    expect(await p.getByTestId('section-polls-count').textContent()).toBe('0');
    expect(await p.getByTestId('section-speakers-count').textContent()).toBe('2');
    await p.getByTestId('section-questions').click();
    await expect.poll(() => p.getByTestId('question').count()).toBe(8);
    expect(await p.getByTestId('polls').isVisible(), 'only the chosen section shows').toBe(false);
    await p.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await expect.poll(() => p.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    expect(await inViewport(p, p.getByTestId('current-speaker')), 'the speaker stays in sight').toBe(true);
    expect(await inViewport(p, p.getByTestId('stage-strip').getByRole('timer').first()), 'their timer stays in sight').toBe(true);
    for (const name of ['polls', 'questions', 'speakers']) expect(await inViewport(p, p.getByTestId(`section-${name}-count`)), `${name} count on screen`).toBe(true);
    await listen(p);
    await shoot(p, 'phone-layout-01-questions-scrolled');

    await ok(chair, 'poll.open', { pollId });
    const banner = p.getByTestId('poll-banner');
    await banner.waitFor();
    expect(await inViewport(p, banner), 'the banner is on screen wherever the phone is').toBe(true);
    expect(await banner.innerText()).toContain(QUESTION);
    await expect.poll(() => p.getByTestId('section-polls-count').textContent()).toBe('1');
    await expect.poll(() => heard(p)).toContain(`New poll: ${QUESTION}`);
    expect((await heard(p)).some((said) => said.startsWith('Results are in')), 'a poll opening is not a result').toBe(false);
    await shoot(p, 'phone-layout-02-banner');

    await p.getByTestId('poll-banner-go').click();
    const ballot = p.locator(`[data-poll-id="${pollId}"]`);
    await expect.poll(() => inViewport(p, ballot.getByRole('radio', { name: 'Yes' }))).toBe(true);
    expect(await inViewport(p, ballot.getByRole('heading', { name: QUESTION })), 'the question is not under the sticky strip').toBe(true);
    expect(await banner.count()).toBe(0);
    await shoot(p, 'phone-layout-03-ballot');

    // A reload brings the room back from a snapshot: the poll is not news any more.
    await p.reload();
    await p.getByTestId('audience-room').waitFor();
    await p.locator(`[data-poll-id="${pollId}"]`).waitFor();
    await p.waitForTimeout(1_000);
    expect(await p.getByTestId('poll-banner').count(), 'no banner again for the same poll').toBe(0);

    // Russian, with a second poll opening.
    await p.getByTestId('language').selectOption('ru');
    await p.getByTestId('section-questions').click();
    await p.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    const second = await ok(chair, 'poll.create', { question: 'Публиковать ли рейтинг?', spec: { kind: 'single', options: ['Да', 'Нет'] } });
    await ok(chair, 'poll.open', { pollId: second.pollId });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Новый опрос');
    expect(await p.getByTestId('section-bar').innerText()).toContain('Вопросы');
    for (const name of ['polls', 'questions', 'speakers']) expect(await inViewport(p, p.getByTestId(`section-${name}-count`)), `${name} count on screen (ru)`).toBe(true);
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), 'no sideways scroll (ru)').toBe(true);
    await shoot(p, 'phone-layout-04-banner-ru');
    await p.getByTestId('poll-banner-go').click();
    await expect.poll(() => inViewport(p, p.locator(`[data-poll-id="${second.pollId}"]`).getByRole('radio', { name: 'Да' }))).toBe(true);
    await shoot(p, 'phone-layout-05-ballot-ru');

    // A reveal, of a poll closed while another is open (so folded among the closed ones).
    await p.getByTestId('language').selectOption('en');
    const hidden = await ok(chair, 'poll.create', { question: 'Which grade should go first?', spec: { kind: 'single', options: ['Senior', 'Middle'] }, settings: { resultsVisibility: 'on_reveal' } });
    await ok(chair, 'poll.open', { pollId: hidden.pollId });
    await ok(chair, 'poll.close', { pollId: hidden.pollId });
    await p.getByTestId('section-questions').click();
    await p.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await listen(p);
    await ok(chair, 'poll.reveal', { pollId: hidden.pollId });
    await expect.poll(() => banner.getAttribute('data-kind')).toBe('revealed');
    await expect.poll(() => heard(p)).toContain('Results are in for: Which grade should go first?');
    await p.getByTestId('poll-banner-go').click();
    await expect.poll(() => inViewport(p, p.locator(`[data-poll-id="${hidden.pollId}"]`).getByRole('heading', { name: 'Which grade should go first?' }))).toBe(true);
    await shoot(p, 'phone-layout-06-revealed');

    expect([...phone.errors, ...phone.dialogs]).toEqual([]);
    chair.disconnect();
    await phone.context.close();
  });
});
