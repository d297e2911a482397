import { describe, expect, test } from 'vitest';
import { expectInView } from './support/in-view.ts';
import { ok } from '../support/plenary.ts';
import { LAPTOP, newDevice, SCREEN, shoot } from './support/chromium.ts';
import { joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device } from './support/plenary-browser.ts';

/**
 * The New York workshop's exchange of experience: six delegations, ten minutes each. The chair's
 * console on a 1366×768 laptop lists what each delegation used and has left; the stage display
 * shows the speaker's delegation's remainder; a quota used up is a warning, and its delegate
 * still gets the floor with the full turn.
 */
const EVENT = 'acsh-icsc-2023';
const ROOM_ID = 'hrm-country-experience';
const ROOM = `/e/${EVENT}/r/${ROOM_ID}`;
const SIX = ['Azerbaijan', 'Georgia', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan'];
const GEORGIA = { name: 'Nino Kapanadze', organisation: 'Civil Service Bureau', country: 'Georgia' };
const KYRGYZSTAN = { name: 'Gulnara Asanova', organisation: 'State Personnel Service', country: 'Kyrgyzstan' };

const suite = serverAndBrowser();

describe('speaking-time quotas per delegation', () => {
  test('the console lists used and remaining time per delegation, the stage display the speaker’s remainder, and a used-up quota warns without refusing', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, stage] = await Promise.all([openDevice(browser, 'console', LAPTOP), openDevice(browser, 'stage display', SCREEN)]);
    const everyone: Device[] = [moderator, stage];
    const m = moderator.page;
    const s = stage.page;

    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID, EVENT), name: 'Timur Nurlanov' });
    await ok(chair.socket, 'room.join', { roomId: ROOM_ID });
    await ok(chair.socket, 'room.open', {});
    const georgia = await ok(chair.socket, 'floor.add', { speaker: GEORGIA });
    await ok(chair.socket, 'floor.call', { requestId: georgia.requestId });

    await Promise.all([
      openScreen(s, base, await plenary.inviteFor('display', ROOM_ID, EVENT), `${ROOM}/stage`),
      (async () => {
        await joinWithInvite(m, base, await plenary.inviteFor('moderator', ROOM_ID, EVENT), { name: 'Saule Ospanova', country: 'Kazakhstan' });
        await m.goto(`${base}${ROOM}`);
        await m.getByTestId('moderator-console').waitFor();
      })(),
    ]);

    // The stage display: the speaker's own clock, and under it what Georgia has left of its ten minutes.
    const stageQuota = s.getByTestId('stage-quota');
    await stageQuota.waitFor();
    await s.waitForTimeout(2_500);
    expect((await stageQuota.textContent())!.trim()).toMatch(/^Georgia: 9:5\d left of 10:00$/);
    await expectInView(s, stageQuota, 'the delegation remainder');
    await shoot(s, 'quotas-01-stage-georgia-remainder');

    // The console: folded, then open with the six delegations; Georgia's time counts up as she speaks.
    const panel = m.getByTestId('quota-panel');
    await panel.waitFor();
    await expectInView(m, panel.locator('summary'), 'the quota summary');
    await panel.locator('summary').click();
    const rows = panel.getByTestId('quota-row');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await rows.locator('th').allTextContents()).toEqual(SIX);
    const georgiaRow = rows.filter({ hasText: 'Georgia' });
    await expect.poll(async () => (await georgiaRow.locator('td').first().textContent())!.trim()).toMatch(/^0:0[1-9] of 10:00$/);
    await expectInView(m, rows.last(), 'the last delegation');
    await expectInView(m, m.getByTestId('current-speaker'), 'the current speaker');
    await shoot(m, 'quotas-02-console-open');

    // The room's warning point: with it at 9:59, Georgia, which has spoken, is the one to watch.
    await ok(chair.socket, 'room.configure', { quotaWarningMs: 9 * 60_000 + 59_000 });
    await expect.poll(() => georgiaRow.getAttribute('data-level')).toBe('warning');
    expect(await georgiaRow.textContent()).toContain('Little time left');
    expect(await panel.getByTestId('quota-warnings').textContent()).toBe('1 to watch');
    await shoot(m, 'quotas-02b-console-warning');

    // The chair takes Kyrgyzstan's time away: its row warns, and its delegate still gets the floor, with the full turn.
    const quotas = SIX.map((delegation) => ({ delegation, ms: delegation === 'Kyrgyzstan' ? 0 : 10 * 60_000 }));
    await ok(chair.socket, 'room.configure', { quotas });
    const kyrgyzRow = rows.filter({ hasText: 'Kyrgyzstan' });
    await expect.poll(() => kyrgyzRow.getAttribute('data-level')).toBe('exhausted');
    expect(await kyrgyzRow.textContent()).toContain('Quota used up');
    expect(await panel.getByTestId('quota-warnings').textContent()).toBe('2 to watch');
    await shoot(m, 'quotas-03-console-exhausted');

    const kyrgyz = await ok(chair.socket, 'floor.add', { speaker: KYRGYZSTAN });
    await ok(chair.socket, 'floor.call', { requestId: kyrgyz.requestId });
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe(KYRGYZSTAN.name);
    await expect.poll(async () => (await stageQuota.textContent())!.trim()).toMatch(/^Kyrgyzstan: quota used up \(−0:0\d\)$/);
    expect(await stageQuota.getAttribute('class')).toContain('exhausted');
    const turnClock = s.locator('.turn').getByRole('timer');
    expect(await turnClock.textContent()).toMatch(/^(6:00|5:5\d)$/);
    await shoot(s, 'quotas-04-stage-used-up');

    // In Russian, whose words are longer: the console's list and the stage line still fit.
    await m.getByTestId('language').selectOption('ru');
    await expect.poll(async () => (await panel.locator('summary').textContent())!).toContain('Время по делегациям');
    expect(await kyrgyzRow.textContent()).toContain('Квота исчерпана');
    await expectInView(m, rows.last(), 'the last delegation (ru)');
    await shoot(m, 'quotas-05-console-ru');
    const russian = await newDevice(browser, SCREEN, 'ru-RU');
    await openScreen(russian.page, base, await plenary.inviteFor('display', ROOM_ID, EVENT), `${ROOM}/stage`);
    const russianLine = russian.page.getByTestId('stage-quota');
    await expect.poll(async () => (await russianLine.textContent())!.trim()).toMatch(/^Kyrgyzstan: квота исчерпана \(−0:\d\d\)$/);
    await expectInView(russian.page, russianLine, 'the delegation remainder (ru)');
    await shoot(russian.page, 'quotas-06-stage-ru');
    await russian.context.close();

    for (const device of everyone) {
      expect(device.errors, `${device.name} page errors`).toEqual([]);
      expect(device.dialogs, `${device.name} dialogs`).toEqual([]);
    }
  });
});
