import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { LAPTOP, PHONE, SCREEN, shoot } from './support/chromium.ts';
import { clockSeconds, EVENT_ID, joinWithCode, joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device, showSection } from './support/plenary-browser.ts';

/**
 * One short panel in panel-1 of the demo event, every person in a browser context of their own
 * against the real server: a moderator and a panellist on laptops, two audience members on
 * phones, the stage display and the projector on big screens.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const SINGLE = { question: 'Which selection method should the Hub recommend first?', options: ['Structured interviews', 'Assessment centres'] };
const CLOUD = { question: 'One word for meritocracy' };
const QUESTION = 'Can delegates see the anonymised interview scores afterwards?';
const HOSTILE = '<img src=x onerror=alert(1)>';

const suite = serverAndBrowser();

/** The big digits of a timer, as text. */
const digits = (timer: Locator) => timer.getByRole('timer');

/** Both clocks read in the same moment; the two devices must agree to the second (±1 s for the tick between). */
async function expectSameRemaining(moderatorTimer: Locator, stageTimer: Locator): Promise<number> {
  const [onConsole, onStage] = await Promise.all([digits(moderatorTimer).textContent(), digits(stageTimer).textContent()]);
  const a = clockSeconds(onConsole ?? '');
  const b = clockSeconds(onStage ?? '');
  expect(Math.abs(a - b), `console ${onConsole} vs stage ${onStage}`).toBeLessThanOrEqual(1);
  return b;
}

const digitColour = (timer: Locator) => digits(timer).evaluate((element) => getComputedStyle(element).color);

/** No user text ran as markup: no such element, no dialog. */
async function expectNoInjectedImage(page: Page): Promise<void> {
  await expect.poll(() => page.locator('img[src="x"]').count()).toBe(0);
}

describe('a short panel, in the browser, in every role', () => {
  test('runs from opening the room to the pinned question on the projector', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderatorInvite, panellistInvite, displayInvite] = await Promise.all([
      plenary.inviteFor('moderator', 'panel-1'),
      plenary.inviteFor('panellist', 'panel-1'),
      plenary.inviteFor('display', 'panel-1'),
    ]);

    const [moderator, panellist, phoneA, phoneB, stage, projector] = await Promise.all([
      openDevice(browser, 'moderator', LAPTOP),
      openDevice(browser, 'panellist', LAPTOP),
      openDevice(browser, 'phone A', PHONE),
      openDevice(browser, 'phone B', PHONE),
      openDevice(browser, 'stage display', SCREEN),
      openDevice(browser, 'projector', SCREEN),
    ]);
    const everyone: Device[] = [moderator, panellist, phoneA, phoneB, stage, projector];
    const m = moderator.page;

    // ── Everyone joins: invites for the staff, the audience code for the phones ──────────────
    await Promise.all([
      (async () => {
        await joinWithInvite(m, base, moderatorInvite, { name: 'Arman Kenzhebekov', organisation: 'Agency for Civil Service Affairs', country: 'Kazakhstan' });
        await m.goto(`${base}${ROOM}`);
        await m.getByTestId('moderator-console').waitFor();
      })(),
      (async () => {
        await joinWithInvite(panellist.page, base, panellistInvite, { name: 'Lieve Vermeulen', organisation: 'Federal Public Service for Policy and Support', country: 'Belgium' });
        await panellist.page.goto(`${base}${ROOM}`);
        await panellist.page.getByTestId('audience-room').waitFor();
      })(),
      (async () => {
        await joinWithCode(phoneA.page, base, { name: 'Ketevan Abashidze', organisation: 'Civil Service Bureau', country: 'Georgia' }, () =>
          shoot(phoneA.page, 'panel-01-join-phone'),
        );
        await phoneA.page.getByTestId('enter-panel-1').first().waitFor();
        await shoot(phoneA.page, 'panel-02-agenda-phone');
        await phoneA.page.getByTestId('enter-panel-1').first().click();
        await phoneA.page.getByTestId('audience-room').waitFor();
        await showSection(phoneA.page, 'questions');
      })(),
      (async () => {
        await joinWithCode(phoneB.page, base, { name: 'Nodir Karimov', country: 'Uzbekistan' });
        await phoneB.page.getByTestId('enter-panel-1').first().click();
        await phoneB.page.getByTestId('audience-room').waitFor();
        await showSection(phoneB.page, 'questions');
      })(),
      (async () => {
        await openScreen(stage.page, base, displayInvite, `${ROOM}/stage`);
        await stage.page.getByTestId('stage-view').getByRole('heading', { level: 1 }).waitFor();
      })(),
      (async () => {
        await openScreen(projector.page, base, displayInvite, `${ROOM}/projector`);
        await projector.page.getByTestId('projector-title').waitFor();
      })(),
    ]);

    // ── The moderator opens the room, puts two panellists on the list and calls the first ────
    await m.getByTestId('room-toggle').click();
    await m.getByTestId('room-toggle-confirm').click();
    await expect.poll(() => m.getByTestId('room-status').textContent()).toContain('Room open');
    await expect.poll(() => phoneA.page.getByTestId('ask-text').isVisible()).toBe(true);

    await m.getByTestId('add-speaker').locator('summary').click();
    await m.getByTestId('source-typed').check();
    const queueRows = m.getByTestId('queue-row');
    for (const [index, [name, organisation, country]] of [
      ['Genevieve Thibodeau-Clark', 'Public Service Commission', 'Canada'],
      ['Aminath Sheeza', 'Civil Service Commission', 'Maldives'],
    ].entries()) {
      await m.getByTestId('add-name').fill(name!);
      await m.getByTestId('add-organisation').fill(organisation!);
      await m.getByTestId('add-country').fill(country!);
      await m.getByTestId('add-speaker-submit').click();
      await expect.poll(() => queueRows.count()).toBe(index + 1);
    }
    await m.getByTestId('call-next').click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe('Genevieve Thibodeau-Clark');
    await expect.poll(() => stage.page.getByTestId('stage-current').textContent()).toContain('Genevieve Thibodeau-Clark');
    await expect.poll(() => phoneA.page.getByTestId('stage-strip').getByTestId('current-speaker').textContent()).toBe('Genevieve Thibodeau-Clark');
    await expect.poll(() => phoneB.page.getByTestId('stage-strip').getByTestId('current-speaker').textContent()).toBe('Genevieve Thibodeau-Clark');
    await shoot(phoneB.page, 'panel-35-phone-b-on-stage-now');

    // ── The turn timer: the stage shows the console's remaining time, and changes colour ─────
    const consoleTimer = m.getByTestId('current-turn').getByTestId('timer');
    const stageTimer = stage.page.getByTestId('timer').filter({ has: stage.page.getByRole('timer', { name: /^Speaking time / }) });
    const stagePhase = () => stageTimer.getAttribute('data-phase');
    // The chair's console applies each change too: compare the two clocks once both show it.
    const consolePhase = () => consoleTimer.getAttribute('data-phase');
    const colours = new Map<string, string>();

    await expect.poll(stagePhase).toBe('normal');
    expect(await expectSameRemaining(consoleTimer, stageTimer)).toBeGreaterThan(9 * 60);
    colours.set('normal', await digitColour(stageTimer));
    await shoot(stage.page, 'panel-40-stage-normal');

    // A shorter turn: 2:05 leaves a few seconds before amber (2:00 left, the room's threshold).
    const turnControls = m.locator('[data-testid="timer-controls"][data-timer-id="turn"]');
    await turnControls.locator('summary').click();
    await turnControls.getByTestId('timer-duration').fill('2:05');
    await turnControls.getByRole('button', { name: 'Set length' }).click();
    await expect.poll(async () => clockSeconds((await digits(stageTimer).textContent()) ?? '')).toBeLessThanOrEqual(125);
    expect(await expectSameRemaining(consoleTimer, stageTimer)).toBeGreaterThan(100);
    await expect.poll(stagePhase, { timeout: 10_000 }).toBe('warning');
    colours.set('warning', await digitColour(stageTimer));
    await expectSameRemaining(consoleTimer, stageTimer);

    // A minute off: under 1:00 left is red.
    await turnControls.getByRole('button', { name: 'Take 1 minute off Turn' }).click();
    await expect.poll(stagePhase).toBe('danger');
    await expect.poll(consolePhase).toBe('danger');
    colours.set('danger', await digitColour(stageTimer));
    expect(await expectSameRemaining(consoleTimer, stageTimer)).toBeLessThanOrEqual(60);
    // The chair's quick message goes up beside the clock.
    await m.getByTestId('quick-wrapUp').click();
    await expect.poll(() => stage.page.getByTestId('stage-messages').textContent()).toContain('Please wrap up');
    await shoot(stage.page, 'panel-41-stage-danger-with-message');

    // Another minute off: past zero, the stage counts the overtime up.
    await turnControls.getByRole('button', { name: 'Take 1 minute off Turn' }).click();
    await expect.poll(stagePhase).toBe('overtime');
    await expect.poll(consolePhase).toBe('overtime');
    expect(await expectSameRemaining(consoleTimer, stageTimer)).toBeLessThanOrEqual(0);
    await expect.poll(() => digits(stageTimer).textContent()).toMatch(/^\+/);
    await shoot(stage.page, 'panel-42-stage-overtime');
    expect(new Set([colours.get('normal'), colours.get('warning'), colours.get('danger')]).size, JSON.stringify([...colours])).toBe(3);

    // ── A point of order jumps the queue ─────────────────────────────────────────────────────
    await panellist.page.getByTestId('floor-request-point_of_order').click();
    await expect.poll(() => panellist.page.getByTestId('floor-place').textContent()).toContain('1');
    await expect.poll(() => queueRows.count()).toBe(2);
    await expect.poll(() => queueRows.first().textContent()).toContain('Lieve Vermeulen');
    expect(await queueRows.first().textContent()).toContain('Point of order');
    expect(await queueRows.nth(1).textContent()).toContain('Aminath Sheeza');
    await expect.poll(() => stage.page.getByTestId('stage-next').textContent()).toContain('Lieve Vermeulen');
    await shoot(panellist.page, 'panel-20-panellist-point-of-order');

    // The chair hears it next: a new turn, a fresh clock.
    await m.getByTestId('call-next').click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe('Lieve Vermeulen');
    await expect.poll(() => panellist.page.getByTestId('floor-holding').isVisible()).toBe(true);
    await expect.poll(() => stage.page.getByTestId('stage-current').textContent()).toContain('Lieve Vermeulen');
    await expect.poll(stagePhase).toBe('normal');
    await expectSameRemaining(consoleTimer, stageTimer);
    await shoot(m, 'panel-10-moderator-floor');

    // ── Two polls built in the console and launched ──────────────────────────────────────────
    const pollCard = (question: string) => m.getByTestId('poll-card').filter({ hasText: question });
    await m.getByTestId('new-poll').click();
    await m.getByTestId('poll-question').fill(SINGLE.question);
    await m.getByTestId('poll-kind').selectOption('single');
    await m.getByTestId('poll-option').nth(0).fill(SINGLE.options[0]!);
    await m.getByTestId('poll-option').nth(1).fill(SINGLE.options[1]!);
    await m.getByTestId('poll-save').click();
    await pollCard(SINGLE.question).getByTestId('poll-launch').waitFor();

    await m.getByTestId('new-poll').click();
    await m.getByTestId('poll-question').fill(CLOUD.question);
    await m.getByTestId('poll-kind').selectOption('word_cloud');
    await m.getByTestId('poll-save').click();
    await pollCard(CLOUD.question).getByTestId('poll-launch').click();
    await expect.poll(() => pollCard(CLOUD.question).getByTestId('poll-status').textContent()).not.toContain('Draft');
    await pollCard(SINGLE.question).getByTestId('poll-launch').click();
    await pollCard(SINGLE.question).getByTestId('poll-close').waitFor();
    // The single-choice results go on the projector while the vote runs.
    await pollCard(SINGLE.question).getByTestId('poll-project').click();
    await expect.poll(() => projector.page.getByTestId('projector-view').getAttribute('data-mode')).toBe('poll');

    // ── Both phones vote in both polls ───────────────────────────────────────────────────────
    const ballots = [
      { device: phoneA, choice: SINGLE.options[0]!, words: ['Merit', 'Trust'] },
      { device: phoneB, choice: SINGLE.options[1]!, words: ['Merit', 'Fairness'] },
    ];
    await Promise.all(
      ballots.map(async ({ device, choice, words }) => {
        await showSection(device.page, 'polls');
        const single = device.page.getByTestId('poll-single');
        await single.getByRole('radio', { name: choice }).check();
        await single.getByTestId('poll-submit').click();
        await single.getByTestId('poll-counted').waitFor();
        expect(await single.getByTestId('poll-counted').textContent()).toContain('Your vote is counted.');
        const cloud = device.page.getByTestId('poll-word_cloud');
        for (const [index, word] of words.entries()) await cloud.getByRole('textbox', { name: `Word ${index + 1}` }).fill(word);
        await cloud.getByTestId('poll-submit').click();
        await cloud.getByTestId('poll-counted').waitFor();
      }),
    );
    await shoot(phoneA.page, 'panel-30-phone-a-voted', phoneA.page.getByTestId('poll-single'));

    const projectorBar = (label: string, count: number, percent: number) =>
      projector.page.getByTestId('projector-poll').getByRole('listitem', { name: `${label}: ${count}, ${percent} percent` });
    await projectorBar(SINGLE.options[0]!, 1, 50).waitFor();
    await projectorBar(SINGLE.options[1]!, 1, 50).waitFor();
    await expect.poll(() => projector.page.getByTestId('projector-poll').textContent()).toContain(SINGLE.question);

    // ── Phone B loses the network, changes its vote offline, and gets it counted on return ──
    const singlePoll = async () => {
      const state = await plenary.runtime.store.loadRoom('panel-1');
      const poll = state?.polls.find((p) => p.question === SINGLE.question);
      if (!poll || poll.spec.kind !== 'single') throw new Error('the single-choice poll is not in the room');
      const optionId = (label: string) => poll.spec.kind === 'single' ? poll.spec.options.find((o) => o.label === label)!.id : '';
      return { id: poll.id, first: optionId(SINGLE.options[0]!), second: optionId(SINGLE.options[1]!) };
    };
    const ids = await singlePoll();
    /** Votes per option as the server counts them (an option nobody chose has no counter). */
    const tally = async () => {
      const { counters } = await plenary.runtime.store.pollTally(ids.id);
      return { first: counters[ids.first] ?? 0, second: counters[ids.second] ?? 0 };
    };
    expect(await tally()).toEqual({ first: 1, second: 1 });

    const b = phoneB.page;
    const bSingle = b.getByTestId('poll-single');
    await phoneB.context.setOffline(true);
    await b.getByTestId('connection-banner').waitFor();
    expect(await b.getByTestId('connection-banner').textContent()).toContain('Connection lost');
    await bSingle.getByRole('radio', { name: SINGLE.options[0]! }).check();
    await bSingle.getByTestId('poll-submit').click();
    await expect.poll(() => bSingle.getByTestId('poll-sending').textContent()).toContain('Offline: your vote waits');
    // Not "counted" while it waits: the old ballot's tick would be a lie about the new one.
    expect(await bSingle.getByTestId('poll-counted').count()).toBe(0);
    await shoot(b, 'panel-31-phone-b-offline', bSingle);
    // Nothing reached the server while offline.
    expect(await tally()).toEqual({ first: 1, second: 1 });

    await phoneB.context.setOffline(false);
    await b.getByTestId('connection-banner').waitFor({ state: 'detached' });
    await bSingle.getByTestId('poll-counted').waitFor();
    await expect.poll(tally).toEqual({ first: 2, second: 0 });
    await pollCard(SINGLE.question).getByRole('listitem', { name: `${SINGLE.options[0]}: 2, 100 percent` }).waitFor();
    await projectorBar(SINGLE.options[0]!, 2, 100).waitFor();
    await projectorBar(SINGLE.options[1]!, 0, 0).waitFor();
    await shoot(b, 'panel-32-phone-b-reconnected', bSingle);
    await shoot(m, 'panel-12-moderator-live-results', pollCard(SINGLE.question));

    // ── Voting closes; the projector keeps the final results, then shows the word cloud ─────
    await pollCard(SINGLE.question).getByTestId('poll-close').click();
    await expect.poll(() => projector.page.getByTestId('projector-poll').textContent()).toContain('Voting has closed');
    await projectorBar(SINGLE.options[0]!, 2, 100).waitFor();
    await shoot(projector.page, 'panel-50-projector-single-results');

    await pollCard(CLOUD.question).getByTestId('poll-close').click();
    // A closed poll keeps its card (and its buttons) until the chair puts it away.
    await expect.poll(() => pollCard(CLOUD.question).getByTestId('poll-status').textContent()).toContain('Closed');
    await m.getByTestId('projector-poll-select').selectOption({ label: CLOUD.question });
    await m.getByTestId('projector-poll').click();
    const cloud = projector.page.getByTestId('word-cloud');
    await cloud.waitFor();
    await expect.poll(() => projector.page.getByTestId('projector-poll').textContent()).toContain(CLOUD.question);
    for (const [word, count] of [['merit', 2], ['trust', 1], ['fairness', 1]] as const) {
      await expect.poll(() => cloud.getByRole('listitem').filter({ hasText: new RegExp(`^${word}`, 'i') }).getAttribute('title')).toMatch(new RegExp(`^${word}: ${count}$`, 'i'));
    }
    await shoot(projector.page, 'panel-51-projector-word-cloud');

    // ── A question from one phone, upvoted by the other, pinned to the projector ─────────────
    const a = phoneA.page;
    await showSection(a, 'questions');
    await showSection(phoneB.page, 'questions');
    await a.getByTestId('ask-text').fill(QUESTION);
    await a.getByTestId('ask-submit').click();
    await a.getByTestId('ask-outcome').waitFor();
    const onBoard = (page: Page, text: string) => page.getByTestId('question').filter({ has: page.getByTestId('question-text').getByText(text, { exact: true }) });
    await onBoard(b, QUESTION).getByTestId('upvote').click();
    await expect.poll(() => onBoard(b, QUESTION).getByTestId('upvote').getAttribute('aria-pressed')).toBe('true');
    await onBoard(a, QUESTION).getByRole('button', { name: 'Upvote, 1 upvote' }).waitFor();
    const consoleQuestion = (text: string) => m.getByTestId('question-item').filter({ has: m.getByTestId('question-text').getByText(text, { exact: true }) });
    await expect.poll(() => consoleQuestion(QUESTION).textContent()).toContain('1 upvote');
    await consoleQuestion(QUESTION).getByTestId('question-pin').click();
    await expect.poll(() => projector.page.getByTestId('projector-view').getAttribute('data-mode')).toBe('question');
    await expect.poll(() => projector.page.getByTestId('projector-question').getByRole('blockquote').textContent()).toBe(QUESTION);
    expect(await projector.page.getByTestId('projector-question').textContent()).toContain('Ketevan Abashidze');
    expect(await projector.page.getByTestId('projector-question').textContent()).toContain('1 vote');
    await shoot(projector.page, 'panel-52-projector-pinned-question');

    // ── Markup in a question stays text on every screen ──────────────────────────────────────
    await b.getByTestId('ask-text').fill(HOSTILE);
    await b.getByTestId('ask-submit').click();
    await b.getByTestId('ask-outcome').waitFor();
    for (const page of [a, b, panellist.page]) {
      await expect.poll(() => onBoard(page, HOSTILE).getByTestId('question-text').textContent()).toBe(HOSTILE);
    }
    await expect.poll(() => consoleQuestion(HOSTILE).getByTestId('question-text').textContent()).toBe(HOSTILE);
    await shoot(a, 'panel-33-phone-a-questions', onBoard(a, HOSTILE));
    await consoleQuestion(HOSTILE).getByTestId('question-pin').click();
    await expect.poll(() => projector.page.getByTestId('projector-question').getByRole('blockquote').textContent()).toBe(HOSTILE);
    await m.getByTestId('projector-top_questions').click();
    const topQuestions = projector.page.getByTestId('projector-top-questions');
    await expect.poll(() => topQuestions.getByTestId('top-question-text').allTextContents()).toEqual([QUESTION, HOSTILE]);
    await shoot(projector.page, 'panel-53-projector-top-questions');
    await shoot(m, 'panel-11-moderator-polls-and-questions', m.getByTestId('qa-panel'));
    await shoot(b, 'panel-34-phone-b-room');
    await shoot(panellist.page, 'panel-21-panellist-questions', panellist.page.getByTestId('qa'));

    for (const device of everyone) await expectNoInjectedImage(device.page);
    expect(everyone.flatMap((device) => device.dialogs.map((d) => `${device.name}: ${d}`))).toEqual([]);
    expect(everyone.flatMap((device) => device.errors.map((e) => `${device.name}: ${e}`))).toEqual([]);
  });
});
