import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ok, type TestServer } from '../support/plenary.ts';
import { launchChromium, PHONE, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { AUDIENCE_CODE, EVENT_ID, openDevice, startPlenaryForBrowsers, showSection } from './support/plenary-browser.ts';

/**
 * The audience's path on a phone with nothing but a keyboard (a switch or a Bluetooth keyboard
 * drives a phone the same way): join with the code, enter the room, vote. Every stop of the
 * focus must be visible. Then the language switch turns the page, and its lang, Russian.
 */
const POLL = { question: 'Should interview panels include an external member?', options: ['Yes, always', 'Only for senior posts'] };

let plenary: TestServer;
let launched: LaunchedBrowser | undefined;

beforeAll(async () => {
  plenary = await startPlenaryForBrowsers();
  launched = await launchChromium();
  // The moderator's part, over the protocol: an open room with an open poll.
  const invite = await plenary.inviteFor('moderator', 'panel-1');
  const { socket } = await plenary.person({ invite, name: 'Arman Kenzhebekov', attendance: 'hall' });
  await ok(socket, 'room.join', { roomId: 'panel-1' });
  await ok(socket, 'room.open', {});
  const { pollId } = await ok(socket, 'poll.create', { question: POLL.question, spec: { kind: 'single', options: POLL.options } });
  await ok(socket, 'poll.open', { pollId });
});

afterAll(async () => {
  await launched?.close();
});

type Focused = { testId: string | null; tag: string; text: string; ring: string | null };

/**
 * What has the focus, and the focus ring drawn for it: an outline on the element itself, or on
 * the label that wraps it (a radio's whole option is outlined, the native dot is not).
 */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const ringOf = (candidate: Element | null) => {
      if (!candidate) return null;
      const style = getComputedStyle(candidate);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : null;
    };
    return {
      testId: element.getAttribute('data-testid'),
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 60),
      ring: ringOf(element) ?? ringOf(element.closest('label')),
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `wanted` has the focus, checking that every element passed on
 * the way shows where the focus is. Fails if it takes more than `limit` presses.
 */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, { backwards = false, limit = 60 } = {}): Promise<Focused> {
  const passed: string[] = [];
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (!now) continue;
    passed.push(now.testId ?? `${now.tag} "${now.text}"`);
    expect(now.ring, `no visible focus on ${now.testId ?? now.tag} "${now.text}"`).not.toBeNull();
    if (wanted(now)) return now;
  }
  throw new Error(`never reached the wanted element; passed ${passed.join(' → ')}`);
}

const byTestId = (testId: string) => (f: Focused) => f.testId === testId;

describe('keyboard and language on a phone', () => {
  test('joins, enters the room and votes with the keyboard alone; Russian switches the page and its lang', { timeout: 60_000 }, async () => {
    const phone = await openDevice(launched!.browser, 'keyboard phone', PHONE);
    const page = phone.page;
    await page.goto(`${plenary.url}/`);
    await page.getByTestId('join-form').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // Join: code, name, then the Join button, all from the keyboard.
    await tabTo(page, byTestId('join-code'));
    await page.keyboard.type(AUDIENCE_CODE);
    await expect.poll(() => page.getByTestId('join-event').textContent()).toContain('Meritocracy');
    await tabTo(page, byTestId('join-name'));
    await page.keyboard.type('Aigerim Bekova');
    await tabTo(page, byTestId('join-submit'));
    await screenshot(page, 'a11y-01-join-focus-on-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('event-title').waitFor();

    // The agenda: Tab to panel 1's Enter link and follow it.
    await tabTo(page, byTestId('enter-panel-1'));
    await screenshot(page, 'a11y-02-agenda-focus-on-enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('audience-room').waitFor();
    const poll = page.getByTestId('poll-single');
    await poll.waitFor();

    // The vote: Tab into the options, Space to choose, Tab to the button, Enter to send.
    const radio = await tabTo(page, (f) => f.tag === 'input' && f.text === '' && f.testId === null);
    expect(radio.ring).not.toBeNull();
    const focusedLabel = await page.evaluate(() => (document.activeElement as HTMLInputElement).closest('label')?.textContent?.trim());
    expect(focusedLabel).toBe(POLL.options[0]);
    await page.keyboard.press('Space');
    await expect.poll(() => poll.getByRole('radio', { name: POLL.options[0] }).isChecked()).toBe(true);
    await screenshot(page, 'a11y-03-room-focus-on-option');
    await tabTo(page, byTestId('poll-submit'));
    await page.keyboard.press('Enter');
    await poll.getByTestId('poll-counted').waitFor();
    // Said aloud too: the live region carries the same news.
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('Your vote is counted.');
    // The vote button is gone: the focus stays in the poll, on its confirmation, not lost to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), { timeout: 5_000 }).toBe('poll-counted');
    await screenshot(page, 'a11y-04-room-voted');
    const ballot = await plenary.runtime.store.pollTally((await poll.getAttribute('data-poll-id'))!);
    expect(ballot).toEqual({ voters: 1, counters: { o1: 1 } });

    // The language switch, from the keyboard: back up to it and pick Русский with the arrow key.
    await tabTo(page, byTestId('language'), { backwards: true });
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ru');
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.map((h) => h.trim())).toEqual(expect.arrayContaining(['Опросы']));
    // The phone shows one section at a time; the others are a tap away, named in the bar.
    expect(await page.getByTestId('section-bar').innerText()).toMatch(/Опросы[\s\S]*Вопросы[\s\S]*Спикеры/);
    expect(await poll.getByTestId('poll-counted').textContent()).toContain('Ваш голос учтён.');
    expect(await page.getByTestId('ask-submit').textContent()).toContain('Отправить');
    expect(await page.getByTestId('language').inputValue()).toBe('ru');
    await screenshot(page, 'a11y-05-room-russian');

    // The choice is kept: a reload stays Russian.
    await page.reload();
    await page.getByTestId('audience-room').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await page.getByRole('heading', { level: 2, name: 'Опросы', exact: true }).count()).toBe(1);
    expect(page.url()).toContain(`/e/${EVENT_ID}/r/panel-1`);

    expect(phone.dialogs).toEqual([]);
    expect(phone.errors).toEqual([]);
  });
});
