import { describe, expect, it } from 'vitest';
import type { ControlKey, Store } from '../../server/store/store.ts';
import { T0 } from './fixtures.ts';

function controlKey(id: string, fields: Partial<ControlKey> = {}): ControlKey {
  return { id, eventId: 'astana-2023', roomId: 'panel-1', hallId: null, label: 'AV desk', secretHash: `hash-of-${id}`, createdAtMs: T0, revokedAtMs: null, ...fields };
}

/** The control keys part of the Store contract; `store` is the contract's fresh store of the test. */
export function describeControlKeys(store: () => Store): void {
  describe('control keys', () => {
    it('[ST40] a control key (of a room or of a hall) is found by its id and listed with its event only, oldest first', async () => {
      const first = controlKey('key000000001');
      const second = controlKey('key000000002', { label: 'Booth, Stream Deck', createdAtMs: T0 + 1, roomId: 'keynote-1' });
      const elsewhere = controlKey('key000000003', { eventId: 'ny-workshop' });
      const hall = controlKey('key000000004', { roomId: null, hallId: 'main-hall', createdAtMs: T0 + 2 });
      await Promise.all([store().saveControlKey(second), store().saveControlKey(first), store().saveControlKey(elsewhere), store().saveControlKey(hall)]);
      expect(await store().getControlKey('key000000001')).toEqual(first);
      expect(await store().getControlKey('nokey0000000')).toBeNull();
      expect(await store().getControlKey('key000000004')).toEqual(hall);
      expect(await store().listControlKeys('astana-2023')).toEqual([first, second, hall]);
      expect(await store().listControlKeys('no-such-event')).toEqual([]);
    });

    it('[ST41] revoking a key marks it once (the first time stays); an unknown key is not revoked', async () => {
      await store().saveControlKey(controlKey('key000000001'));
      const revocations = await Promise.all([store().revokeControlKey('key000000001', T0 + 5), store().revokeControlKey('key000000001', T0 + 5)]);
      expect(revocations).toEqual([true, true]);
      expect(await store().revokeControlKey('key000000001', T0 + 9)).toBe(true);
      expect(await store().revokeControlKey('nokey0000000', T0 + 9)).toBe(false);
      expect((await store().getControlKey('key000000001'))?.revokedAtMs).toBe(T0 + 5);
      expect((await store().listControlKeys('astana-2023'))[0]?.revokedAtMs).toBe(T0 + 5);
      expect(await store().getControlKey('nokey0000000')).toBeNull();
    });
  });
}
