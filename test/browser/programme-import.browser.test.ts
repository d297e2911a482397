import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, LAPTOP, newDevice, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { startPlenaryForBrowsers } from './support/plenary-browser.ts';
import { pretalxSchedule } from '../interop/fixtures/schedules.ts';
import type { TestServer } from '../support/plenary.ts';

/**
 * The organiser pastes a pretalx schedule.json on the Import tab and reads what it made; then
 * pastes one with problems and reads each at its path, nothing imported.
 */

let chromium: LaunchedBrowser;
let plenary: TestServer;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers();
});

afterAll(async () => {
  await chromium?.close();
});

describe('importing a programme on the organiser page', () => {
  it('a pasted schedule.json shows the summary; a broken one shows its problems, each with its path', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?tab=import#token=${plenary.runtime.adminToken}`);
    const panel = page.getByTestId('programme-import');
    await panel.waitFor();

    await page.getByTestId('programme-event-id').fill('fsc24');
    await page.getByTestId('programme-default-kind').selectOption('breakout');
    await page.getByTestId('programme-text').fill(JSON.stringify(pretalxSchedule(), null, 2));
    await page.getByTestId('programme-submit').click();
    const summary = page.getByTestId('programme-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Created “Free Software Conference 2024”.');
    expect(await summary.innerText()).toContain('4 sessions added');
    expect(await summary.innerText()).toContain('New halls: Saal 1, Workshop Room');
    await summary.scrollIntoViewIfNeeded();
    await screenshot(page, 'programme-import-01-summary');

    const broken = pretalxSchedule();
    broken.schedule.conference.time_zone_name = 'Europe/Berlin';
    broken.schedule.conference.days[1]!.rooms['Saal 1']![0]!.duration = '25:99';
    broken.schedule.conference.days[0]!.rooms['Saal 1']![1]!.date = '2024-10-26T10:30:00+02:00';
    broken.schedule.conference.days[0]!.rooms['Saal 1']![1]!.start = '10:30';
    await page.getByTestId('programme-text').fill(JSON.stringify(broken, null, 2));
    await page.getByTestId('programme-submit').click();
    const problems = page.getByTestId('programme-problems');
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toContain('Nothing was imported. 2 problems in the file:');
    expect(text).toContain('schedule.conference.days[1].rooms.Saal 1[0].duration');
    expect(text).toContain('"25:99" is not a duration HH:MM');
    expect(text).toContain('schedule.conference.days[0].rooms.Saal 1[1]');
    expect(await page.getByTestId('programme-summary').count()).toBe(0);
    await problems.scrollIntoViewIfNeeded();
    await screenshot(page, 'programme-import-02-problems');

    await page.getByTestId('language').selectOption('ru');
    await page.getByTestId('programme-submit').click();
    await page.getByText('Ничего не импортировано. В файле 2 ошибки:').waitFor();
    await problems.scrollIntoViewIfNeeded();
    await screenshot(page, 'programme-import-03-problems-ru');
    await context.close();
  });
});
