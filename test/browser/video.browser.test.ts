import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';
import { LAPTOP, launchChromium, PHONE, screenshot, type LaunchedBrowser } from './support/chromium.ts';
import { EVENT_ID, joinWithCode, joinWithInvite, openDevice, startPlenaryForBrowsers, type Device, showSection } from './support/plenary-browser.ts';

/**
 * The video area without a LiveKit server (none can run here): off when the server has no
 * LiveKit, and with LiveKit configured at a port where nothing listens, the publish controls
 * (screen share included) for a panellist, not for the audience, no screen share on a phone, and
 * one clear line that the video server cannot be reached, while the rest of the room goes on.
 * Chromium gets a fake camera and microphone; no screen is ever captured, so it needs no
 * automatic choice of screen.
 */
const ROOM = `/e/${EVENT_ID}/r/panel-1`;
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

let launched: LaunchedBrowser | undefined;
const servers: TestServer[] = [];

beforeAll(async () => {
  launched = await launchChromium(FAKE_MEDIA);
});

afterAll(async () => {
  await launched?.close();
});

/** A local port that was free a moment ago and that nobody listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Like startPlenaryForBrowsers, with LiveKit configured at an address where nothing listens. */
async function startPlenaryWithUnreachableLiveKit(): Promise<TestServer> {
  const [port, liveKitPort] = [await closedPort(), await closedPort()];
  return startPlenary(
    {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LIVEKIT_URL: `ws://127.0.0.1:${liveKitPort}`,
      LIVEKIT_API_KEY: 'browser-test-key',
      LIVEKIT_API_SECRET: 'browser-test-secret-that-is-long-enough-for-hs256',
    },
    { lifetime: 'file' },
  );
}

/** A panellist on a laptop and an audience member on a phone, both in panel-1. */
async function panellistAndAudience(plenary: TestServer): Promise<{ panellist: Device; audience: Device }> {
  const browser = launched!.browser;
  const invite = await plenary.inviteFor('panellist', 'panel-1');
  const [panellist, audience] = await Promise.all([openDevice(browser, 'panellist', LAPTOP), openDevice(browser, 'audience', PHONE)]);
  await Promise.all([
    (async () => {
      await joinWithInvite(panellist.page, plenary.url, invite, { name: 'Lieve Vermeulen', organisation: 'Federal Public Service for Policy and Support', country: 'Belgium' });
      await panellist.page.goto(`${plenary.url}${ROOM}`);
      await panellist.page.getByTestId('audience-room').waitFor();
    })(),
    (async () => {
      await joinWithCode(audience.page, plenary.url, { name: 'Ketevan Abashidze', country: 'Georgia' });
      await audience.page.goto(`${plenary.url}${ROOM}`);
      await audience.page.getByTestId('audience-room').waitFor();
      await showSection(audience.page, 'questions');
    })(),
  ]);
  return { panellist, audience };
}

const statusOf = (device: Device) => device.page.getByTestId('video-area').getByTestId('video-status');

describe('the video area in the browser', () => {
  test('says video is off when the server has no LiveKit, for a panellist and an audience member', { timeout: 60_000 }, async () => {
    const plenary = await startPlenaryForBrowsers();
    servers.push(plenary);
    const { panellist, audience } = await panellistAndAudience(plenary);

    for (const device of [panellist, audience]) {
      await expect.poll(() => statusOf(device).getAttribute('data-status')).toBe('off');
      expect(await statusOf(device).textContent()).toContain('Video is off on this server');
      // One line and nothing else: no controls, no tiles.
      expect(await device.page.getByTestId('video-controls').count()).toBe(0);
      expect(await device.page.getByTestId('video-tile').count()).toBe(0);
    }
    await panellist.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(panellist.page, 'video-01-off-panellist-laptop');
    await audience.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(audience.page, 'video-02-off-audience-phone');

    for (const device of [panellist, audience]) {
      expect(device.errors, `${device.name}: uncaught errors`).toEqual([]);
      await device.context.close();
    }
  });

  test('with an unreachable video server: controls for the panellist only, one clear line, the room still works', { timeout: 90_000 }, async () => {
    const plenary = await startPlenaryWithUnreachableLiveKit();
    servers.push(plenary);
    const { panellist, audience } = await panellistAndAudience(plenary);

    for (const device of [panellist, audience]) {
      await expect.poll(() => statusOf(device).getAttribute('data-status'), { timeout: 30_000 }).toBe('unreachable');
      expect(await statusOf(device).textContent()).toContain('Cannot reach the video server');
    }
    // The panellist may publish, their screen too: the toggles are there (and wait for a connection); the audience may not.
    await panellist.page.getByTestId('video-camera').waitFor();
    await panellist.page.getByTestId('video-microphone').waitFor();
    await panellist.page.getByTestId('video-screen').waitFor();
    expect(await panellist.page.getByTestId('video-camera').isDisabled()).toBe(true);
    expect(await panellist.page.getByTestId('video-screen').isDisabled()).toBe(true);
    expect(await panellist.page.getByTestId('video-screen').textContent()).toContain('Share screen');
    expect(await audience.page.getByTestId('video-controls').count()).toBe(0);
    expect(await audience.page.getByTestId('video-camera').count()).toBe(0);
    expect(await audience.page.getByTestId('video-screen').count()).toBe(0);

    // The same panellist on a phone, whose browser cannot capture a screen (as on Android and iOS): camera, no screen share.
    const panellistPhone = await openDevice(launched!.browser, 'panellist phone', PHONE);
    await panellistPhone.page.addInitScript(() => {
      delete (MediaDevices.prototype as { getDisplayMedia?: unknown }).getDisplayMedia;
    });
    await joinWithInvite(panellistPhone.page, plenary.url, await plenary.inviteFor('panellist', 'panel-1'), { name: 'Lieve Vermeulen' });
    await panellistPhone.page.goto(`${plenary.url}${ROOM}`);
    await expect.poll(() => statusOf(panellistPhone).getAttribute('data-status'), { timeout: 30_000 }).toBe('unreachable');
    await panellistPhone.page.getByTestId('video-camera').waitFor();
    expect(await panellistPhone.page.getByTestId('video-screen').count()).toBe(0);
    await panellistPhone.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(panellistPhone.page, 'video-06-unreachable-panellist-phone');
    expect(panellistPhone.errors).toEqual([]);
    await panellistPhone.context.close();

    // Everything else goes on: the chair opens the room, and the audience can ask a question.
    const invite = await plenary.inviteFor('moderator', 'panel-1');
    const { socket } = await plenary.person({ invite, name: 'Arman Kenzhebekov', attendance: 'hall' });
    await ok(socket, 'room.join', { roomId: 'panel-1' });
    await ok(socket, 'room.open', {});
    await expect.poll(() => audience.page.getByTestId('ask-text').isVisible()).toBe(true);
    await expect.poll(() => panellist.page.getByTestId('room-closed').count()).toBe(0);

    // The chair's console has the same area, with the list of who is on video (nobody: LiveKit is down).
    const moderator = await openDevice(launched!.browser, 'moderator', LAPTOP);
    await joinWithInvite(moderator.page, plenary.url, invite, { name: 'Arman Kenzhebekov' });
    await moderator.page.goto(`${plenary.url}${ROOM}`);
    await moderator.page.getByTestId('moderator-console').waitFor();
    await expect.poll(() => statusOf(moderator).getAttribute('data-status'), { timeout: 30_000 }).toBe('unreachable');
    await moderator.page.getByTestId('video-presence').locator('summary').click();
    await expect.poll(() => moderator.page.getByTestId('video-presence').textContent()).toContain('Nobody is connected to video');
    await moderator.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(moderator.page, 'video-05-unreachable-moderator-laptop');
    expect(moderator.errors).toEqual([]);
    await moderator.context.close();

    await panellist.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(panellist.page, 'video-03-unreachable-panellist-laptop');
    await audience.page.getByTestId('video-area').scrollIntoViewIfNeeded();
    await screenshot(audience.page, 'video-04-unreachable-audience-phone');

    for (const device of [panellist, audience]) {
      expect(device.errors, `${device.name}: uncaught errors`).toEqual([]);
      expect(device.dialogs).toEqual([]);
      await device.context.close();
    }
  });
});
