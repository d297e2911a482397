import { describe, expect, test } from 'vitest';
import { LAPTOP, SCREEN, shoot } from './support/chromium.ts';
import { clockSeconds, EVENT_ID, joinWithInvite, openDevice, openScreen, serverAndBrowser } from './support/plenary-browser.ts';
import { ok } from '../support/plenary.ts';

/**
 * Day 2, 16:10: the two roundtables run side by side. In the Main Hall the master of ceremonies
 * follows both from her console on a 1366×768 laptop: Zeynep Arikan holds the floor in Hall B,
 * someone waits there, Hall A is between speakers. She starts the common countdown and sends
 * one message; Hall B's stage display shows both.
 */
const PARENT = 'roundtables-day2';
const BACK = 'Back in the Main Hall';
const MESSAGE = 'Report-back in the Main Hall at 17:30';

const suite = serverAndBrowser();

describe('the parent chair’s overview', () => {
  test('shows both roundtables live at 1366×768 and starts one countdown and one message in both', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;

    // The two tables, run from their own consoles (over sockets here): open, and a speaker on the floor in Hall B.
    const moderators = await Promise.all(
      ['roundtable-1', 'roundtable-2'].map(async (roomId, index) => {
        const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', roomId), name: index ? 'Gaukhar Tokhtarova' : 'Aliya Tulegenova', attendance: 'hall' });
        await ok(chair.socket, 'room.join', { roomId });
        await ok(chair.socket, 'room.open', {});
        return chair.socket;
      }),
    );
    const delegateInvite = await plenary.inviteFor('participant', null);
    // One after the other: the list's order is the order of the requests.
    const speakers = [];
    for (const [name, country] of [['Zeynep Arikan', 'Turkey'], ['Jasur Rakhimov', 'Uzbekistan']] as const) {
      const { socket } = await plenary.person({ invite: delegateInvite, name, country, attendance: 'hall' });
      await ok(socket, 'room.join', { roomId: 'roundtable-1' });
      await ok(socket, 'floor.request', { kind: 'contribution' });
      speakers.push(socket);
    }
    expect(speakers).toHaveLength(2);
    await ok(moderators[0]!, 'floor.call', {});

    const [chair, stage] = await Promise.all([openDevice(browser, 'master of ceremonies', LAPTOP), openDevice(browser, 'Hall B stage display', SCREEN)]);
    const m = chair.page;
    await joinWithInvite(m, base, await plenary.inviteFor('moderator', PARENT), { name: 'Madina Zhaksylykova', organisation: 'Astana Civil Service Hub', country: 'Kazakhstan' });
    await m.goto(`${base}/e/${EVENT_ID}/r/${PARENT}`);
    await m.getByTestId('moderator-console').waitFor();
    await openScreen(stage.page, base, await plenary.inviteFor('display', 'roundtable-1'), `/e/${EVENT_ID}/r/roundtable-1/stage`);
    await stage.page.getByTestId('stage-view').getByRole('heading', { level: 1 }).waitFor();

    const panel = m.getByTestId('overview-panel');
    const hallB = panel.getByTestId('overview-child-roundtable-1');
    const hallA = panel.getByTestId('overview-child-roundtable-2');
    await expect.poll(() => hallB.getByTestId('overview-speaker').textContent()).toBe('Zeynep Arikan');
    await expect.poll(() => hallB.getByTestId('overview-waiting').textContent()).toBe('1 waiting');
    expect(await hallA.getByTestId('overview-speaker').count()).toBe(0);
    // The turn clock ticks from server time.
    const turnClock = hallB.getByTestId('timer').getByRole('timer');
    const first = await turnClock.textContent();
    await expect.poll(() => turnClock.textContent(), { timeout: 3_000 }).not.toBe(first);

    // A call in Hall A reaches the overview while it is open.
    const hallASpeaker = await plenary.person({ invite: delegateInvite, name: 'Tamar Lomidze', country: 'Georgia', attendance: 'hall' });
    await ok(hallASpeaker.socket, 'room.join', { roomId: 'roundtable-2' });
    await ok(hallASpeaker.socket, 'floor.request', { kind: 'contribution' });
    await expect.poll(() => hallA.getByTestId('overview-waiting').textContent()).toBe('1 waiting');
    // Hall A puts a question to the room; a vote comes in.
    const { pollId } = await ok(moderators[1]!, 'poll.create', { question: 'Should every MPA programme include a policy practicum?', spec: { kind: 'single', options: ['Yes', 'No'] } });
    await ok(moderators[1]!, 'poll.open', { pollId });
    await ok(hallASpeaker.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });
    await expect.poll(() => hallA.getByTestId('overview-poll').textContent()).toMatch(/policy practicum\?\s*1 vote$/);

    await m.getByTestId('overview-countdown-minutes').fill('5');
    await m.getByTestId('overview-countdown-start').click();
    for (const card of [hallA, hallB]) await expect.poll(() => card.getByText(BACK).count()).toBe(1);
    await m.getByTestId('overview-message-text').fill(MESSAGE);
    await m.getByTestId('overview-message-send').click();
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Sent to 2 tables' }).count()).toBe(1);

    // The laptop shows the whole overview without the page scrolling; nothing else broke.
    expect(await m.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    const box = await panel.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(LAPTOP.width);
    await shoot(m, 'overview-01-parent-console-1366', hallB);
    // The same in Russian: the longer words still fit the column.
    await m.getByTestId('language').selectOption('ru');
    await panel.getByRole('heading', { name: 'Обзор столов' }).waitFor();
    await expect.poll(() => hallB.getByTestId('overview-waiting').textContent()).toBe('ждёт слова: 1');
    const ruBox = await panel.boundingBox();
    expect(ruBox!.x + ruBox!.width).toBeLessThanOrEqual(LAPTOP.width);
    expect(await m.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(LAPTOP.width);
    await shoot(m, 'overview-01-parent-console-1366-ru', hallB);
    await m.getByTestId('language').selectOption('en');

    // Hall B's stage display: the countdown and the chair's message.
    await stage.page.getByTestId('stage-countdowns').getByText(BACK).waitFor();
    await stage.page.getByText(MESSAGE).waitFor();
    const countdownClock = stage.page.getByTestId('stage-countdowns').getByRole('timer');
    await expect.poll(async () => clockSeconds((await countdownClock.textContent()) ?? ''), { timeout: 4_000 }).toBeLessThan(300);
    await shoot(stage.page, 'overview-02-hall-b-stage-display');

    // After the turn, the organiser's report of the parent session carries both tables.
    await ok(moderators[0]!, 'floor.endTurn', {});
    const organiser = await openDevice(browser, 'organiser', LAPTOP);
    await organiser.page.goto(`${base}/organiser?event=${EVENT_ID}&tab=report&room=${PARENT}#token=${plenary.runtime.adminToken}`);
    const children = organiser.page.getByTestId('report-children');
    await expect.poll(() => children.getByTestId('report-children-totals').textContent()).toContain('(2), together — turns: 1, polls: 1, questions: 0');
    await shoot(organiser.page, 'overview-03-parent-report', children);

    for (const device of [chair, stage, organiser]) {
      expect(device.errors, device.name).toEqual([]);
      expect(device.dialogs, device.name).toEqual([]);
    }
  });
});
