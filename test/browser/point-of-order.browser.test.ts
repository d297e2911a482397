import { describe, expect, test } from 'vitest';
import { expectInView } from './support/in-view.ts';
import { ok } from '../support/plenary.ts';
import { LAPTOP, newDevice, PHONE, SCREEN, shoot } from './support/chromium.ts';
import { clockSeconds, EVENT_ID, joinWithInvite, openDevice, openScreen, serverAndBrowser, type Device, showSection } from './support/plenary-browser.ts';

/**
 * The keynote of the reference conference interrupted: a delegate already on the list raises a
 * point of order from her phone, the chair calls it from the console, the stage display says so
 * with the minister's time left, and the chair's one button gives the minister her time back.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const MINISTER = { name: 'Aida Balayeva', organisation: 'Ministry of Public Administration', country: 'Azerbaijan' };
const DELEGATE = { name: 'Nino Beridze', organisation: 'Civil Service Bureau', country: 'Georgia' };

const suite = serverAndBrowser();

describe('a point of order on the stage display', () => {
  test('shows "Point of order" with the interrupted speaker and her time left, and her turn again after resume', { timeout: 180_000 }, async () => {
    const { browser, plenary } = suite;
    const base = plenary.url;
    const [moderator, phone, stage] = await Promise.all([openDevice(browser, 'console', LAPTOP), openDevice(browser, 'phone', PHONE), openDevice(browser, 'stage display', SCREEN)]);
    const everyone: Device[] = [moderator, phone, stage];
    const m = moderator.page;
    const s = stage.page;
    const p = phone.page;

    // The room opens and the minister has the floor for twenty minutes (set up by a second chair's device).
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Arman Kenzhebekov' });
    await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
    await ok(chair.socket, 'room.open', {});
    const { requestId } = await ok(chair.socket, 'floor.add', { speaker: MINISTER, allottedSec: 20 * 60 });
    await ok(chair.socket, 'floor.call', { requestId });

    await Promise.all([
      openScreen(s, base, await plenary.inviteFor('display', 'panel-1'), `${ROOM}/stage`),
      (async () => {
        await joinWithInvite(m, base, await plenary.inviteFor('moderator', 'panel-1'), { name: 'Aigerim Sadykova', country: 'Kazakhstan' });
        await m.goto(`${base}${ROOM}`);
        await m.getByTestId('moderator-console').waitFor();
      })(),
      (async () => {
        await joinWithInvite(p, base, await plenary.inviteFor('participant', null), DELEGATE);
        await p.getByTestId('enter-panel-1').first().click();
        await p.getByTestId('audience-room').waitFor();
        await showSection(p, 'speakers');
        await p.getByTestId('floor-request').waitFor();
      })(),
    ]);
    await s.getByTestId('stage-current').getByText(MINISTER.name).waitFor();

    // On the list already, the delegate may still raise a point of order, keeping her place.
    await p.getByTestId('floor-request-contribution').click();
    await p.getByTestId('floor-place').waitFor();
    await p.getByTestId('floor-request-point-while-queued').waitFor();
    await shoot(p, 'point-of-order-01-phone-queued-may-raise', p.getByTestId('floor-request'));
    await p.getByTestId('floor-request-point-while-queued').click();
    await p.getByTestId('floor-point-raised').waitFor();
    expect(await p.getByTestId('floor-place').textContent()).toContain('number 2');
    await shoot(p, 'point-of-order-02-phone-point-raised', p.getByTestId('floor-request'));

    // The chair calls it: the keynote is suspended, not ended.
    await expect.poll(() => m.getByTestId('next-speaker').textContent()).toContain(DELEGATE.name);
    await m.getByTestId('call-next').click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe(DELEGATE.name);
    const resume = m.getByTestId('resume-interrupted');
    await resume.waitFor();
    const resumeText = (await resume.textContent())!.trim();
    expect(resumeText).toMatch(new RegExp(`^Resume ${MINISTER.name} \\(1\\d:\\d\\d left\\)$`));
    const leftOnConsole = clockSeconds(/\((\d+:\d\d) left\)/.exec(resumeText)![1]!);
    await expectInView(m, resume, 'the resume button');
    await expectInView(m, m.getByTestId('current-speaker'), 'the point of order speaker');
    await shoot(m, 'point-of-order-03-console-interrupt');

    const banner = s.getByTestId('stage-interrupt');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Point of order');
    const suspended = s.getByTestId('stage-suspended');
    expect(await suspended.textContent()).toContain(MINISTER.name);
    const leftOnStage = clockSeconds(/(\d+:\d\d) left/.exec((await suspended.textContent())!)![1]!);
    expect(leftOnStage).toBe(leftOnConsole);
    expect(await s.getByTestId('stage-current').textContent()).toContain(DELEGATE.name);
    const turnClock = s.locator('.turn').getByRole('timer');
    const pointClock = clockSeconds((await turnClock.textContent()) ?? '');
    expect(pointClock).toBeLessThanOrEqual(120);
    await shoot(s, 'point-of-order-04-stage-during');

    // The same stage display in Russian, whose words are longer: the banner and the speaker area still fit.
    const russian = await newDevice(browser, SCREEN, 'ru-RU');
    await openScreen(russian.page, base, await plenary.inviteFor('display', 'panel-1'), `${ROOM}/stage`);
    const russianBanner = russian.page.getByTestId('stage-interrupt');
    await russianBanner.waitFor();
    expect(await russianBanner.textContent()).toContain('По порядку ведения');
    expect(await russian.page.getByTestId('stage-suspended').textContent()).toContain(`Осталось ${/(\d+:\d\d) left/.exec((await suspended.textContent())!)![1]}`);
    await expectInView(russian.page, russianBanner, 'the Russian banner');
    await expectInView(russian.page, russian.page.getByTestId('stage-suspended'), 'the interrupted speaker (ru)');
    await shoot(russian.page, 'point-of-order-04b-stage-during-ru');
    await russian.context.close();

    // A few seconds of point of order later, the stage still shows the same time left for the minister.
    await s.waitForTimeout(2_000);
    expect(clockSeconds(/(\d+:\d\d) left/.exec((await suspended.textContent())!)![1]!)).toBe(leftOnStage);

    await resume.click();
    await expect.poll(() => m.getByTestId('current-speaker').textContent()).toBe(MINISTER.name);
    await banner.waitFor({ state: 'detached' });
    await s.getByTestId('stage-current').getByText(MINISTER.name).waitFor();
    const resumedAt = clockSeconds((await turnClock.textContent()) ?? '');
    expect(Math.abs(resumedAt - leftOnStage)).toBeLessThanOrEqual(2);
    await shoot(s, 'point-of-order-05-stage-after-resume');
    await shoot(m, 'point-of-order-06-console-after-resume');

    // The organiser's report: the point of order ended, the keynote in progress, both from the ledger.
    const organiser = await openDevice(browser, 'organiser', LAPTOP);
    everyone.push(organiser);
    const o = organiser.page;
    await o.goto(`${base}/organiser?event=${EVENT_ID}&tab=report&room=panel-1#token=${plenary.runtime.adminToken}`);
    const turnRows = o.getByTestId('report-turns').locator('tbody tr');
    await expect.poll(() => turnRows.count()).toBe(2);
    expect(await turnRows.nth(0).textContent()).toContain(MINISTER.name);
    expect(await turnRows.nth(0).locator('[data-status]').getAttribute('data-status')).toBe('inProgress');
    expect(await turnRows.nth(1).textContent()).toContain(DELEGATE.name);
    expect(await turnRows.nth(1).locator('[data-status]').getAttribute('data-status')).toBe('ended');
    // Who gave and took the floor: the second chair called the keynote; the console's chair called the point of order and ended it by resuming.
    expect(await turnRows.nth(0).getByTestId('turn-by').textContent()).toBe('called by Arman Kenzhebekov');
    expect(await turnRows.nth(1).getByTestId('turn-by').textContent()).toBe('called by Aigerim Sadykova · ended by Aigerim Sadykova');
    await shoot(o, 'point-of-order-07-organiser-report-turns', o.getByTestId('report-turns'));

    for (const device of everyone) {
      expect(device.errors, `${device.name} page errors`).toEqual([]);
      expect(device.dialogs, `${device.name} dialogs`).toEqual([]);
    }
  });
});
