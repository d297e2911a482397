import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/**
 * Wholly inside the viewport, not scrolled away: what a person sees without touching a
 * scrollbar. With `uncovered`, also not hidden under another element (a sticky panel, a banner).
 */
export async function expectInView(page: Page, locator: Locator, what: string, { uncovered = false } = {}): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = await locator.boundingBox();
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(box!.y, `${what} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${what} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what} bottom`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width, `${what} right`).toBeLessThanOrEqual(viewport.width);
  if (!uncovered) return;
  const centre = { x: box!.x + box!.width / 2, y: box!.y + Math.min(box!.height / 2, 10) };
  const covered = await locator.evaluate((element, point) => {
    const top = document.elementFromPoint(point.x, point.y);
    return !(top && (element === top || element.contains(top)));
  }, centre);
  expect(covered, `${what} is not covered`).toBe(false);
}

/** Whether the element is wholly inside the viewport now: for polling, where expectInView asserts. */
export async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width;
}

/** Records every message the page's live region is given, in order: what a screen reader would say. Read it with `heard`. */
export async function listen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    const region = document.querySelector('[data-testid="announcer"]')!;
    new MutationObserver(() => {
      if (region.textContent) heard.push(region.textContent);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

export const heard = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
