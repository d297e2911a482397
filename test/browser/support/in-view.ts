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
