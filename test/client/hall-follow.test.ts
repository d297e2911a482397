import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { HallState } from '../../shared/model/hall.ts';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { useHallState } from '../../client/src/composables/useHallState.ts';
import { useRoom } from '../../client/src/composables/useRoom.ts';
import type { PlenaryClient } from '../../client/src/transport/plenary-client.ts';

type Listener = (...args: unknown[]) => void;

/** A socket as the composables use it: listeners by event, and a switch for the connection. */
class FakeSocket {
  connected = true;
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
  }
  off(event: string, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }
  push(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

type Sent = { name: string; payload: Record<string, unknown> };

/** Answers each command with what `answer` returns; a test may hold an answer back by returning a promise it resolves later. */
function fakeClient(answer: (sent: Sent) => unknown) {
  const socket = new FakeSocket();
  const sent: Sent[] = [];
  const client = {
    socket,
    send: (name: string, payload: Record<string, unknown>, _timeoutMs?: number, onAnswer?: (result: unknown) => void) => {
      const entry = { name, payload };
      sent.push(entry);
      return Promise.resolve(answer(entry)).then((result) => {
        onAnswer?.(result);
        return result;
      });
    },
  };
  return { client: client as unknown as PlenaryClient, socket, sent };
}

const hallState = (roomId: string | null, revision: number, hallId = 'main-hall'): HallState => ({ eventId: 'acsh-2023', hallId, revision, roomId, changedAtMs: null });
const snapshot = (roomId: string, open = true) =>
  ({ eventId: 'acsh-2023', room: { id: roomId }, state: { roomId, revision: 1, open }, results: [], votes: {} }) as unknown as RoomSnapshot;
const flush = async () => {
  for (let i = 0; i < 3; i += 1) await nextTick();
};

describe('a screen following its hall', () => {
  it('follows once connected and again after every reconnect, applying only newer changes of its own hall', async () => {
    let answer = hallState('panel-1', 3);
    const { client, socket, sent } = fakeClient(() => ({ ok: true, ...answer }));
    const scope = effectScope();
    const follow = scope.run(() => useHallState(client, 'main-hall'))!;
    await flush();
    expect(sent).toEqual([{ name: 'hall.follow', payload: { hallId: 'main-hall' } }]);
    expect(follow.state.value).toEqual(hallState('panel-1', 3));

    socket.push('hall.changed', hallState('opening', 2));
    socket.push('hall.changed', hallState('side', 9, 'hall-b'));
    expect(follow.state.value?.roomId).toBe('panel-1');
    socket.push('hall.changed', hallState('keynote-2', 4));
    expect(follow.state.value?.roomId).toBe('keynote-2');

    // Offline meanwhile, the hall moved on twice: the re-follow after the reconnect brings it.
    answer = hallState('panel-2', 6);
    socket.push('connect');
    await flush();
    expect(sent.map((s) => s.name)).toEqual(['hall.follow', 'hall.follow']);
    expect(follow.state.value).toEqual(hallState('panel-2', 6));

    scope.stop();
    socket.push('hall.changed', hallState('keynote-3', 7));
    expect(follow.state.value?.roomId).toBe('panel-2');
  });

  it('switches rooms without leaving the old one empty-handed: it stays shown until the new snapshot arrives', async () => {
    let release: (() => void) | null = null;
    const { client, sent } = fakeClient(({ name, payload }) => {
      if (name !== 'room.join') return { ok: true };
      const roomId = payload['roomId'] as string;
      if (roomId === 'panel-1') return { ok: true, ...snapshot('panel-1') };
      return new Promise((resolve) => (release = () => resolve({ ok: true, ...snapshot(roomId) })));
    });
    const chosen = ref<string | null>('panel-1');
    const scope = effectScope();
    const handle = scope.run(() => useRoom(client, () => chosen.value))!;
    await flush();
    expect(handle.room.value?.state.roomId).toBe('panel-1');

    chosen.value = 'keynote-2';
    await flush();
    expect(sent.map((s) => [s.name, s.payload['roomId']])).toEqual([
      ['room.join', 'panel-1'],
      ['room.join', 'keynote-2'],
    ]);
    expect(handle.room.value?.state.roomId).toBe('panel-1');
    expect(handle.error.value).toBeNull();
    release!();
    await flush();
    expect(handle.room.value?.state.roomId).toBe('keynote-2');

    chosen.value = null;
    await flush();
    expect(sent.at(-1)?.name).toBe('room.leave');
    expect(handle.room.value).toBeNull();
    scope.stop();
  });

  it('a slow answer for a room the hall has already left behind is not shown', async () => {
    const releases = new Map<string, () => void>();
    const { client } = fakeClient(({ name, payload }) => {
      if (name !== 'room.join') return { ok: true };
      const roomId = payload['roomId'] as string;
      return new Promise((resolve) => releases.set(roomId, () => resolve({ ok: true, ...snapshot(roomId) })));
    });
    const chosen = ref<string | null>('panel-1');
    const scope = effectScope();
    const handle = scope.run(() => useRoom(client, () => chosen.value))!;
    await flush();
    chosen.value = 'keynote-2';
    await flush();
    releases.get('keynote-2')!();
    await flush();
    releases.get('panel-1')!();
    await flush();
    expect(handle.room.value?.state.roomId).toBe('keynote-2');
    scope.stop();
  });
});

describe('a push read right after the join\'s answer', () => {
  it('is applied on top of the snapshot, not overwritten by it', async () => {
    const socket = new FakeSocket();
    let read: (() => void) | null = null;
    const presence = (total: number) => ({ roomId: 'panel-1', total, byRole: { audience: total }, byAttendance: { hall: total } });
    // Socket.IO decodes one network read packet by packet: the answer's callback runs, then the
    // next packet's listeners, before any promise continuation.
    const client = {
      socket,
      send: (_name: string, _payload: unknown, _timeoutMs?: number, onAnswer?: (result: unknown) => void) =>
        new Promise((resolve) => {
          read = () => {
            const answer = { ok: true, ...snapshot('panel-1'), presence: presence(10) };
            onAnswer?.(answer);
            resolve(answer);
            socket.push('presence.counts', presence(11));
          };
        }),
    } as unknown as PlenaryClient;
    const scope = effectScope();
    const handle = scope.run(() => useRoom(client, 'panel-1'))!;
    read!();
    await flush();
    expect(handle.room.value?.presence.total).toBe(11);
    scope.stop();
  });
});
