import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { ProtocolError } from '../../../shared/errors.ts';
import { childRoomsOf } from '../../../shared/model/event.ts';
import type { Overview } from '../../../shared/protocol/overview.ts';
import { followOverview, overviewDelta, overviewPresence, overviewResults, type FollowedOverview } from '../lib/overview-follower.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

export type OverviewHandle = {
  /** Null until followed, and for a room that is no parent. */
  overview: ShallowRef<FollowedOverview | null>;
  error: Ref<ProtocolError | null>;
};

/**
 * A parent room's chair following its child rooms: overview.follow each time the parent room is
 * joined (`joinedAt` changes: the first join and every re-join after a reconnect), then the
 * children's pushes. A gap in a child's revisions, or an agenda save that changes which rooms
 * are children, follows again.
 */
export function useOverview(client: PlenaryClient, parentId: string, joinedAt: Ref<number | null>): OverviewHandle {
  const overview = shallowRef<FollowedOverview | null>(null);
  const error = ref<ProtocolError | null>(null);
  const socket = client.socket;

  async function follow(): Promise<void> {
    const ack = await client.send('overview.follow', {});
    if (!ack.ok) {
      overview.value = null;
      // not_found: nothing names this room as its parent, which is the usual case, not an error.
      error.value = ack.error.code === 'not_found' ? null : ack.error;
      return;
    }
    const { ok: _ok, ...value } = ack;
    error.value = null;
    overview.value = followOverview(value as Overview);
  }

  const update = (change: (current: FollowedOverview) => FollowedOverview) => {
    if (overview.value) overview.value = change(overview.value);
  };
  const onDelta: Parameters<typeof socket.on<'room.delta'>>[1] = (delta) => {
    if (!overview.value) return;
    const { overview: next, outcome } = overviewDelta(overview.value, delta);
    if (outcome === 'gap') void follow();
    else overview.value = next;
  };
  const onResults: Parameters<typeof socket.on<'poll.results'>>[1] = (results) => update((o) => overviewResults(o, results));
  const onPresence: Parameters<typeof socket.on<'presence.counts'>>[1] = (counts) => update((o) => overviewPresence(o, counts));
  const onAgenda: Parameters<typeof socket.on<'agenda.changed'>>[1] = (agenda) => {
    const saved = childRoomsOf(agenda, parentId).map((room) => room.id);
    const followed = overview.value?.children.map((child) => child.state.roomId) ?? [];
    if (saved.join() !== followed.join()) void follow();
  };

  socket.on('room.delta', onDelta);
  socket.on('poll.results', onResults);
  socket.on('presence.counts', onPresence);
  socket.on('agenda.changed', onAgenda);
  watch(joinedAt, (at) => at !== null && void follow(), { immediate: true });

  onScopeDispose(() => {
    socket.off('room.delta', onDelta);
    socket.off('poll.results', onResults);
    socket.off('presence.counts', onPresence);
    socket.off('agenda.changed', onAgenda);
  });
  return { overview, error };
}
