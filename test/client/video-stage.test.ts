import { describe, expect, test } from 'vitest';
import { ROLES } from '../../shared/roles.ts';
import {
  NO_PUBLISHING,
  mayPublish,
  permissionChange,
  rightsFromPermission,
  rightsFromRole,
  roleFromMetadata,
  splitStage,
  tokenRefreshDelayMs,
} from '../../client/src/lib/video-stage.ts';

const BOTH = { camera: true, microphone: true };

describe('who may publish, before a connection (docs/VIDEO.md grant table)', () => {
  test('chair and panellists always; audience and displays never', () => {
    for (const role of ROLES) {
      const expected = role === 'organiser' || role === 'moderator' || role === 'panellist' ? BOTH : NO_PUBLISHING;
      if (role === 'participant') continue;
      expect(rightsFromRole(role, false, 'stage'), role).toEqual(expected);
      expect(rightsFromRole(role, true, 'open'), role).toEqual(expected);
    }
  });

  test('a participant publishes while holding the floor, or always in an open room', () => {
    expect(rightsFromRole('participant', false, 'stage')).toEqual(NO_PUBLISHING);
    expect(rightsFromRole('participant', true, 'stage')).toEqual(BOTH);
    expect(rightsFromRole('participant', false, 'open')).toEqual(BOTH);
  });
});

describe("LiveKit's permission, once connected", () => {
  test('no publishing, listed sources, or every source when the list is empty', () => {
    expect(rightsFromPermission({ canPublish: false, sources: ['camera', 'microphone'] })).toEqual(NO_PUBLISHING);
    expect(rightsFromPermission({ canPublish: true, sources: ['microphone'] })).toEqual({ camera: false, microphone: true });
    expect(rightsFromPermission({ canPublish: true, sources: ['camera', 'microphone', 'screen_share'] })).toEqual(BOTH);
    expect(rightsFromPermission({ canPublish: true, sources: [] })).toEqual(BOTH);
  });

  test('gaining and losing the right to publish are told apart from no change', () => {
    expect(permissionChange(NO_PUBLISHING, BOTH)).toBe('gained');
    expect(permissionChange(BOTH, NO_PUBLISHING)).toBe('lost');
    expect(permissionChange(BOTH, { camera: false, microphone: true })).toBeNull();
    expect(permissionChange(NO_PUBLISHING, NO_PUBLISHING)).toBeNull();
    expect(mayPublish({ camera: false, microphone: true })).toBe(true);
  });
});

describe('the stage and the strip', () => {
  const tile = (identity: string, role: (typeof ROLES)[number] | null) => ({ identity, role, hasCamera: true });

  test('chair, panellists and the floor holder are the stage, the floor holder first', () => {
    const tiles = [tile('aud', 'audience'), tile('pan', 'panellist'), tile('mod', 'moderator'), tile('par', 'participant'), tile('other', 'participant')];
    const { stage, strip } = splitStage(tiles, 'par');
    expect(stage.map((t) => t.identity)).toEqual(['par', 'pan', 'mod']);
    expect(strip.map((t) => t.identity)).toEqual(['aud', 'other']);
  });

  test('with nobody on the floor, participants are on the strip', () => {
    expect(splitStage([tile('par', 'participant'), tile('x', null)], null).stage).toEqual([]);
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
