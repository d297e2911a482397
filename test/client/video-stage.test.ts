import { TrackSource } from 'livekit-server-sdk';
import { describe, expect, test } from 'vitest';
import { VIDEO_MODES } from '../../shared/model/event.ts';
import { ROLES } from '../../shared/roles.ts';
import { videoGrantFor } from '../../server/media/grants.ts';
import {
  NO_PUBLISHING,
  canCaptureScreen,
  kindsToStop,
  mayPublish,
  permissionChange,
  publishErrorLine,
  rightsFromPermission,
  rightsFromRole,
  roleFromMetadata,
  splitStage,
  stageDisplayTile,
  tokenRefreshDelayMs,
  type TileInfo,
} from '../../client/src/lib/video-stage.ts';

const STAGE = { camera: true, microphone: true, screen: true };
const SPEAKER = { camera: true, microphone: true, screen: false };

describe('who may publish, before a connection (docs/VIDEO.md grant table)', () => {
  test('chair and panellists always, with their screens; displays never', () => {
    for (const role of ROLES) {
      const expected = role === 'organiser' || role === 'moderator' || role === 'panellist' ? STAGE : NO_PUBLISHING;
      if (role === 'participant' || role === 'audience') continue;
      expect(rightsFromRole(role, false, 'stage'), role).toEqual(expected);
      expect(rightsFromRole(role, true, 'open'), role).toEqual(expected);
    }
  });

  test('a participant publishes camera and microphone, never a screen, while holding the floor or in an open room', () => {
    expect(rightsFromRole('participant', false, 'stage')).toEqual(NO_PUBLISHING);
    expect(rightsFromRole('participant', true, 'stage')).toEqual(SPEAKER);
    expect(rightsFromRole('participant', false, 'open')).toEqual(SPEAKER);
    expect(rightsFromRole('participant', true, 'open')).toEqual(SPEAKER);
  });

  test('the audience publishes camera and microphone only while holding the floor (a question turn), in any room', () => {
    for (const mode of ['stage', 'open'] as const) {
      expect(rightsFromRole('audience', false, mode)).toEqual(NO_PUBLISHING);
      expect(rightsFromRole('audience', true, mode)).toEqual(SPEAKER);
    }
  });
});

describe("the client's offer is the server's grant", () => {
  test('for every role, floor and mode, the token grant read as LiveKit reports it', () => {
    for (const role of ROLES) {
      for (const holdsFloor of [false, true]) {
        for (const mode of VIDEO_MODES) {
          const grant = videoGrantFor({ role, room: 'plenary-e-r', holdsFloor, videoMode: mode });
          // LiveKit's client names sources as the proto does, in lower case ('screen_share').
          const sources = (grant.canPublishSources ?? []).map((source) => TrackSource[source].toLowerCase());
          expect(rightsFromRole(role, holdsFloor, mode), `${role} ${holdsFloor} ${mode}`).toEqual(rightsFromPermission({ canPublish: grant.canPublish ?? false, sources }));
        }
      }
    }
  });
});

describe("LiveKit's permission, once connected", () => {
  test('no publishing, listed sources, or every source when the list is empty', () => {
    expect(rightsFromPermission({ canPublish: false, sources: ['camera', 'microphone', 'screen_share'] })).toEqual(NO_PUBLISHING);
    expect(rightsFromPermission({ canPublish: true, sources: ['microphone'] })).toEqual({ camera: false, microphone: true, screen: false });
    expect(rightsFromPermission({ canPublish: true, sources: ['camera', 'microphone'] })).toEqual(SPEAKER);
    expect(rightsFromPermission({ canPublish: true, sources: ['camera', 'microphone', 'screen_share'] })).toEqual(STAGE);
    expect(rightsFromPermission({ canPublish: true, sources: ['screen_share'] })).toEqual({ camera: false, microphone: false, screen: true });
    expect(rightsFromPermission({ canPublish: true, sources: [] })).toEqual(STAGE);
  });

  test('gaining and losing the right to publish are told apart from no change', () => {
    expect(permissionChange(NO_PUBLISHING, SPEAKER)).toBe('gained');
    expect(permissionChange(SPEAKER, NO_PUBLISHING)).toBe('lost');
    expect(permissionChange(STAGE, NO_PUBLISHING)).toBe('lost');
    expect(permissionChange(STAGE, SPEAKER)).toBeNull();
    expect(permissionChange(NO_PUBLISHING, NO_PUBLISHING)).toBeNull();
    expect(mayPublish({ camera: false, microphone: true, screen: false })).toBe(true);
    expect(mayPublish({ camera: false, microphone: false, screen: true })).toBe(true);
  });
});

describe('what stops when the permission changes', () => {
  test('losing the right to publish stops camera, microphone and a shared screen', () => {
    expect(kindsToStop(SPEAKER, NO_PUBLISHING)).toEqual(['camera', 'microphone', 'screen']);
    expect(kindsToStop(STAGE, NO_PUBLISHING)).toEqual(['camera', 'microphone', 'screen']);
    expect(kindsToStop({ camera: false, microphone: false, screen: true }, NO_PUBLISHING)).toContain('screen');
  });
  test('losing only the screen stops only the screen; gaining or keeping rights stops nothing', () => {
    expect(kindsToStop(STAGE, SPEAKER)).toEqual(['screen']);
    expect(kindsToStop(NO_PUBLISHING, SPEAKER)).toEqual([]);
    expect(kindsToStop(SPEAKER, SPEAKER)).toEqual([]);
    expect(kindsToStop(NO_PUBLISHING, NO_PUBLISHING)).toEqual([]);
  });
});

describe('screen share in the browser', () => {
  test('offered only where the browser can capture a screen (not on phones)', () => {
    expect(canCaptureScreen({ getDisplayMedia: () => Promise.resolve() })).toBe(true);
    expect(canCaptureScreen({})).toBe(false);
    expect(canCaptureScreen(undefined)).toBe(false);
  });

  test("closing the browser's picker says nothing; a refused camera or a failed share is said", () => {
    const cancelled = new DOMException('Permission denied', 'NotAllowedError');
    expect(publishErrorLine('screen', cancelled)).toBeNull();
    expect(publishErrorLine('camera', cancelled)).toBe('Permission denied');
    expect(publishErrorLine('screen', new DOMException('Could not start video source', 'NotReadableError'))).toBe('Could not start video source');
    expect(publishErrorLine('microphone', 'no device')).toBe('no device');
  });
});

describe('the stage and the strip', () => {
  const tile = (identity: string, role: (typeof ROLES)[number] | null, hasVideo = true): TileInfo => ({ identity, role, kind: 'person', hasVideo });
  const screenOf = (identity: string, role: (typeof ROLES)[number] | null): TileInfo => ({ identity, role, kind: 'screen', hasVideo: true });
  const keys = (tiles: TileInfo[]) => tiles.map((t) => (t.kind === 'screen' ? `${t.identity}:screen` : t.identity));

  test('chair, panellists and the floor holder are the stage, the floor holder first', () => {
    const tiles = [tile('aud', 'audience'), tile('pan', 'panellist'), tile('mod', 'moderator'), tile('par', 'participant'), tile('other', 'participant')];
    const { stage, strip } = splitStage(tiles, 'par');
    expect(stage.map((t) => t.identity)).toEqual(['par', 'pan', 'mod']);
    expect(strip.map((t) => t.identity)).toEqual(['aud', 'other']);
  });

  test('with nobody on the floor, participants are on the strip', () => {
    expect(splitStage([tile('par', 'participant'), tile('x', null)], null).stage).toEqual([]);
  });

  test('a shared screen comes first on the stage, before every face, and never on the strip', () => {
    const tiles = [tile('aud', 'audience'), tile('pan', 'panellist'), screenOf('pan', 'panellist'), tile('par', 'participant'), tile('mod', 'moderator')];
    const { stage, strip } = splitStage(tiles, 'par');
    expect(keys(stage)).toEqual(['pan:screen', 'par', 'pan', 'mod']);
    expect(keys(strip)).toEqual(['aud']);
  });

  test("two screens at once: the floor holder's first", () => {
    const { stage } = splitStage([screenOf('mod', 'moderator'), screenOf('pan', 'panellist'), tile('pan', 'panellist')], 'pan');
    expect(keys(stage)).toEqual(['pan:screen', 'mod:screen', 'pan']);
  });
});

describe('the stage display', () => {
  const tile = (identity: string, role: (typeof ROLES)[number], hasVideo = true): TileInfo => ({ identity, role, kind: 'person', hasVideo });
  const display = (tiles: TileInfo[], floorHolderId: string | null) => stageDisplayTile(splitStage(tiles, floorHolderId).stage);

  test('shows a shared screen rather than the floor holder', () => {
    const shared: TileInfo = { identity: 'mod', role: 'moderator', kind: 'screen', hasVideo: true };
    expect(display([tile('par', 'participant'), tile('mod', 'moderator'), shared], 'par')).toBe(shared);
  });

  test('without a screen, the floor holder; without their camera, whoever on stage is on camera', () => {
    expect(display([tile('pan', 'panellist'), tile('par', 'participant')], 'par')?.identity).toBe('par');
    expect(display([tile('pan', 'panellist'), tile('par', 'participant', false)], 'par')?.identity).toBe('pan');
  });

  test('nothing while nobody on the stage is on camera', () => {
    expect(display([tile('pan', 'panellist', false), tile('aud', 'audience')], null)).toBeNull();
  });
});

describe('roles from LiveKit metadata', () => {
  test('the role the server put in the token, or null for anything else', () => {
    expect(roleFromMetadata(JSON.stringify({ role: 'panellist', delegation: 'Belgium' }))).toBe('panellist');
    expect(roleFromMetadata(JSON.stringify({ role: 'king' }))).toBeNull();
    expect(roleFromMetadata('not json')).toBeNull();
    expect(roleFromMetadata(undefined)).toBeNull();
  });
});

describe('when to ask for a fresh token', () => {
  test('a minute before expiry for a ten-minute token', () => {
    expect(tokenRefreshDelayMs(600_000, 0)).toBe(540_000);
  });
  test('half the remaining life for a short one, never sooner than 5 s', () => {
    expect(tokenRefreshDelayMs(60_000, 0)).toBe(30_000);
    expect(tokenRefreshDelayMs(1_000, 0)).toBe(5_000);
    expect(tokenRefreshDelayMs(0, 10_000)).toBe(5_000);
  });
});
