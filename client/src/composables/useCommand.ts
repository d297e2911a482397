import { ref } from 'vue';
import { COMMAND_RETRY_WINDOW_MS, newCommandId, type CommandId } from '../../../shared/protocol/command-id.ts';
import type { CommandInput, CommandName } from '../../../shared/protocol/commands.ts';
import type { PlenaryClient, SendResult } from '../transport/plenary-client.ts';

/** What useCommand needs of the connection: a PlenaryClient, or a fake one in tests. */
export type CommandClient = Pick<PlenaryClient, 'send'> & {
  socket: { readonly connected: boolean; once(event: 'connect', listener: () => void): unknown };
};

function whenConnected(client: CommandClient): Promise<void> {
  if (client.socket.connected) return Promise.resolve();
  return new Promise((resolve) => client.socket.once('connect', () => resolve()));
}

/** No answer from the server: not sent (offline) or sent with no acknowledgement. */
function unanswered<N extends CommandName>(result: SendResult<N>): boolean {
  return !result.ok && 'unconfirmed' in result;
}

/**
 * Runs commands for one control: whether it waits, and the server's refusal to show beside it.
 *
 * Every command carries a commandId, so sending it again is safe: the server answers a copy with
 * the first outcome and applies it once (docs/PROTOCOL.md, "Retrying safely"). One that got no
 * answer is sent again with the same id once the connection is back (PlenaryClient holds it
 * until the room is joined again), for as long as the server keeps the id. After that it is
 * shown as not confirmed, since only the person can tell from the room whether it landed.
 */
export function useCommand(client: CommandClient, clock: () => number = Date.now) {
  const pending = ref(false);
  const error = ref<string | null>(null);
  const unconfirmed = ref(false);

  /** `commandId`: the id of the command instance being sent again; a new one when omitted. */
  async function run<N extends CommandName>(name: N, payload: CommandInput<N>, commandId: CommandId = newCommandId()): Promise<SendResult<N>> {
    pending.value = true;
    error.value = null;
    unconfirmed.value = false;
    const firstSentMs = clock();
    const withId = { ...payload, commandId };
    try {
      let result = await client.send(name, withId);
      while (unanswered(result) && clock() - firstSentMs < COMMAND_RETRY_WINDOW_MS) {
        await whenConnected(client);
        if (clock() - firstSentMs >= COMMAND_RETRY_WINDOW_MS) break;
        result = await client.send(name, withId);
      }
      if (!result.ok) {
        error.value = result.error.message;
        unconfirmed.value = 'unconfirmed' in result && result.unconfirmed;
      }
      return result;
    } finally {
      pending.value = false;
    }
  }

  return { run, pending, error, unconfirmed };
}
