import { ref } from 'vue';
import type { CommandInput, CommandName } from '../../../shared/protocol/commands.ts';
import type { PlenaryClient, SendResult } from '../transport/plenary-client.ts';

export type CommandOptions = {
  /**
   * Safe to send twice (a ballot or an upvote is keyed by person): when no answer came, it is
   * sent again once the connection is back. Otherwise the person is told it was not confirmed.
   */
  idempotent?: boolean;
};

function whenConnected(client: PlenaryClient): Promise<void> {
  if (client.socket.connected) return Promise.resolve();
  return new Promise((resolve) => client.socket.once('connect', () => resolve()));
}

/** Runs commands for one control: whether it waits, and the server's refusal to show beside it. */
export function useCommand(client: PlenaryClient) {
  const pending = ref(false);
  const error = ref<string | null>(null);
  const unconfirmed = ref(false);

  async function run<N extends CommandName>(name: N, payload: CommandInput<N>, options: CommandOptions = {}): Promise<SendResult<N>> {
    pending.value = true;
    error.value = null;
    unconfirmed.value = false;
    try {
      let result = await client.send(name, payload);
      while (!result.ok && 'unconfirmed' in result && options.idempotent) {
        await whenConnected(client);
        result = await client.send(name, payload);
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
