import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { ProtocolError } from '../../../shared/errors.ts';
import type { RoomSnapshot } from '../../../shared/protocol/snapshot.ts';
import {
  followAgenda,
  followDelta,
  followPresence,
  followResponses,
  followResults,
  followSnapshot,
  followSpeakerMessages,
  followVotes,
  type FollowedRoom,
} from '../lib/room-follower.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

export type RoomHandle = {
  room: ShallowRef<FollowedRoom | null>;
  error: Ref<ProtocolError | null>;
  /** Joins (or re-joins after a reconnect) and replaces local state with the server's snapshot. */
  resync: () => Promise<void>;
};

/**
 * Follows one room: a snapshot on join, then deltas in revision order. A gap, or a reconnect
 * (anything may have been missed while offline), is repaired with a fresh snapshot.
 *
 * The room may change (a hall's screen follows the hall's session): the new one is joined (the
 * server leaves the old one), and the old one stays shown until the new snapshot replaces it, so
 * a screen on the wall never blanks in between. Null follows no room.
 */
export function useRoom(client: PlenaryClient, roomId: MaybeRefOrGetter<string | null>): RoomHandle {
  const room = shallowRef<FollowedRoom | null>(null);
  const error = ref<ProtocolError | null>(null);
  const socket = client.socket;
  const wanted = () => toValue(roomId);
  const shown = () => room.value?.state.roomId ?? null;

  async function resync(): Promise<void> {
    const id = wanted();
    if (id === null) return;
    // Applied as the answer is read: pushes read after it (even in the same network read) follow it.
    await client.send('room.join', { roomId: id }, undefined, (ack) => {
      // Another room was chosen while this one was joined: its own join is on the way.
      if (wanted() !== id) return;
      if (!ack.ok) {
        error.value = ack.error;
        return;
      }
      const { ok: _ok, ...snapshot } = ack;
      error.value = null;
      room.value = followSnapshot(snapshot as RoomSnapshot);
    });
  }

  const update = (change: (current: FollowedRoom) => FollowedRoom) => {
    if (room.value) room.value = change(room.value);
  };
  const onDelta: Parameters<typeof socket.on<'room.delta'>>[1] = (delta) => {
    if (!room.value) return;
    const { room: next, outcome } = followDelta(room.value, delta);
    if (outcome === 'gap') void resync();
    else room.value = next;
  };
  const onResults: Parameters<typeof socket.on<'poll.results'>>[1] = (results) => {
    if (results.roomId === shown()) update((r) => followResults(r, results));
  };
  const onResponses: Parameters<typeof socket.on<'poll.responses'>>[1] = (push) => {
    if (push.roomId === shown()) update((r) => followResponses(r, push));
  };
  const onVotes: Parameters<typeof socket.on<'qa.votes'>>[1] = (push) => {
    if (push.roomId === shown()) update((r) => followVotes(r, push));
  };
  const onPresence: Parameters<typeof socket.on<'presence.counts'>>[1] = (counts) => {
    if (counts.roomId === shown()) update((r) => followPresence(r, counts));
  };
  const onSpeakerMessage: Parameters<typeof socket.on<'speaker.message'>>[1] = ({ roomId: id, messages }) => {
    if (id === shown()) update((r) => followSpeakerMessages(r, messages));
  };
  const onAgenda: Parameters<typeof socket.on<'agenda.changed'>>[1] = (agenda) => update((r) => followAgenda(r, agenda));
  const onConnect = () => void resync();

  socket.on('room.delta', onDelta);
  socket.on('poll.results', onResults);
  socket.on('poll.responses', onResponses);
  socket.on('qa.votes', onVotes);
  socket.on('presence.counts', onPresence);
  socket.on('speaker.message', onSpeakerMessage);
  socket.on('agenda.changed', onAgenda);
  socket.on('connect', onConnect);
  if (socket.connected) void resync();
  watch(wanted, (id) => {
    if (id !== null) {
      if (socket.connected) void resync();
      return;
    }
    room.value = null;
    error.value = null;
    if (socket.connected) void client.send('room.leave', {});
  });

  onScopeDispose(() => {
    socket.off('room.delta', onDelta);
    socket.off('poll.results', onResults);
    socket.off('poll.responses', onResponses);
    socket.off('qa.votes', onVotes);
    socket.off('presence.counts', onPresence);
    socket.off('speaker.message', onSpeakerMessage);
    socket.off('agenda.changed', onAgenda);
    socket.off('connect', onConnect);
    if (socket.connected) void client.send('room.leave', {});
  });
  return { room, error, resync };
}
