import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { ProtocolError } from '../../../shared/errors.ts';
import type { HallState } from '../../../shared/model/hall.ts';
import { followHallState } from '../lib/hall-screen.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

export type HallFollow = { state: ShallowRef<HallState | null>; error: Ref<ProtocolError | null> };

/**
 * Follows a hall's choice of session: hall.follow once connected (and again after every
 * reconnect: the server forgets what a closed connection followed), then hall.changed pushes,
 * each applied only when newer than what is held.
 */
export function useHallState(client: PlenaryClient, hallId: MaybeRefOrGetter<string | null>): HallFollow {
  const state = shallowRef<HallState | null>(null);
  const error = ref<ProtocolError | null>(null);
  const socket = client.socket;
  const wanted = () => toValue(hallId);

  async function follow(): Promise<void> {
    const id = wanted();
    if (id === null) return;
    const ack = await client.send('hall.follow', { hallId: id });
    if (wanted() !== id) return;
    if (!ack.ok) {
      error.value = ack.error;
      return;
    }
    const { ok: _ok, ...answer } = ack;
    error.value = null;
    state.value = followHallState(state.value?.hallId === id ? state.value : null, answer as HallState);
  }

  const onChanged: Parameters<typeof socket.on<'hall.changed'>>[1] = (pushed) => {
    if (pushed.hallId === wanted()) state.value = followHallState(state.value, pushed);
  };
  const onConnect = () => void follow();
  socket.on('hall.changed', onChanged);
  socket.on('connect', onConnect);
  if (socket.connected) void follow();
  watch(wanted, () => {
    state.value = null;
    if (socket.connected) void follow();
  });
  onScopeDispose(() => {
    socket.off('hall.changed', onChanged);
    socket.off('connect', onConnect);
  });
  return { state, error };
}
