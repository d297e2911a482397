import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, LAPTOP, newDevice, screenshot, shoot, type LaunchedBrowser } from './support/chromium.ts';
import { EVENT_ID, startPlenaryForBrowsers } from './support/plenary-browser.ts';
import { ok } from '../support/plenary.ts';
import type { TestServer } from '../support/plenary.ts';
import { personAt, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * The organiser's Webhooks tab on a laptop: a URL that is not http(s) is refused with the
 * server's message, a new endpoint's secret is shown once, and its deliveries show failing,
 * then delivered, as the receiver recovers.
 */

let chromium: LaunchedBrowser;
let plenary: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  chromium = await launchChromium();
  plenary = await startPlenaryForBrowsers({ PLENARY_WEBHOOK_TIMEOUT_MS: '300', PLENARY_WEBHOOK_RETRY_MIN_MS: '200', PLENARY_WEBHOOK_RETRY_MAX_MS: '400' });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await chromium?.close();
});

describe('webhooks on the organiser page', () => {
  it('refuses a non-http URL, shows the secret once, and lists deliveries failing, then delivered', async () => {
    const { context, page } = await newDevice(chromium.browser, LAPTOP);
    await page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=webhooks#token=${plenary.runtime.adminToken}`);
    const section = page.getByTestId('webhooks');
    await section.getByRole('button', { name: 'Add the endpoint' }).waitFor();
    await screenshot(page, 'webhooks-01-empty');

    await page.getByTestId('webhook-url').fill('ftp://captions.example/in');
    await page.getByTestId('webhook-label').fill('Captions desk');
    await section.getByRole('button', { name: 'Add the endpoint' }).click();
    const refusal = section.getByRole('alert').filter({ hasText: 'url: the URL must be an http:// or https:// address' });
    await refusal.waitFor();
    await shoot(page, 'webhooks-02-ftp-refused', refusal);

    receiver.mode = 'fail';
    await page.getByTestId('webhook-url').fill(receiver.url);
    await section.getByRole('button', { name: 'Add the endpoint' }).click();
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret ?? '';
    await screenshot(page, 'webhooks-03-secret-shown-once');

    const moderator = await personAt(plenary.url, plenary.runtime.adminToken, 'panel-1', 'moderator');
    await ok(moderator, 'room.open', {});
    const failing = section.getByTestId('webhook-delivery').filter({ hasText: 'Failing' });
    await failing.waitFor({ timeout: 15_000 });
    expect(await failing.textContent()).toContain('Session opened');
    await shoot(page, 'webhooks-04-delivery-failing', section.getByTestId('webhook-endpoint'));

    receiver.mode = 'ok';
    await section.getByTestId('webhook-delivery').filter({ hasText: 'Delivered' }).waitFor({ timeout: 15_000 });
    expect(receiver.delivered.every((received) => received.signatureValid)).toBe(true);
    await shoot(page, 'webhooks-05-delivered', section.getByTestId('webhook-endpoint'));
    moderator.disconnect();
    await context.close();

    const russian = await newDevice(chromium.browser, LAPTOP, 'ru-RU');
    await russian.page.goto(`${plenary.url}/organiser?event=${EVENT_ID}&tab=webhooks#token=${plenary.runtime.adminToken}`);
    const row = russian.page.getByTestId('webhook-delivery').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Сессия открыта');
    await shoot(russian.page, 'webhooks-06-russian', russian.page.getByTestId('webhook-endpoint'));
    await russian.context.close();
  }, 60_000);
});
