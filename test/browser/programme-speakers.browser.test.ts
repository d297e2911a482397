import { describe, expect, test } from 'vitest';
import { LAPTOP, shoot } from './support/chromium.ts';
import { EVENT_ID, joinWithInvite, openDevice, serverAndBrowser } from './support/plenary-browser.ts';

/**
 * Before the doors open, the chair of Panel 2 puts the programme's six speakers on the list in
 * one action instead of retyping names, organisations and countries.
 */
const suite = serverAndBrowser();

describe('the programme seeds the list of speakers', () => {
  test('one action adds the programme’s speakers in order; the console says they are on the list', { timeout: 120_000 }, async () => {
    const { browser, plenary } = suite;
    const agenda = (await (await fetch(`${plenary.url}/api/public/events/${EVENT_ID}`)).json()) as { rooms: Array<{ id: string; speakers?: Array<{ name: string }> }> };
    const programme = agenda.rooms.find((room) => room.id === 'panel-2')?.speakers?.map((speaker) => speaker.name) ?? [];
    expect(programme.length).toBeGreaterThan(1);

    const chair = await openDevice(browser, 'chair', LAPTOP);
    const m = chair.page;
    await joinWithInvite(m, plenary.url, await plenary.inviteFor('moderator', 'panel-2'), { name: 'Chair of Panel 2' });
    await m.goto(`${plenary.url}/e/${EVENT_ID}/r/panel-2`);
    await m.getByTestId('moderator-console').waitFor();
    const section = m.getByTestId('programme-speakers');
    // Nothing on the list yet: the programme is offered open, without hunting for it.
    await expect.poll(() => section.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    await shoot(m, 'programme-01-offered', section);

    await m.getByTestId('programme-add-all').click();
    await expect.poll(() => m.getByTestId('queue-row').count()).toBe(programme.length);
    const names = await m.getByTestId('queue-row').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    programme.forEach((name, index) => expect(names[index]).toContain(name));
    await shoot(m, 'programme-02-on-the-list', section);
    expect(chair.errors).toEqual([]);
    await chair.context.close();
  });
});
