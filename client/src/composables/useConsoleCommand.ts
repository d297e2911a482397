import { reactive, type Ref } from 'vue';
import { mayRun } from '../../../shared/permissions.ts';
import type { CommandInput, CommandName } from '../../../shared/protocol/commands.ts';
import type { Role } from '../../../shared/roles.ts';
import type { PlenaryClient, SendResult } from '../transport/plenary-client.ts';
import { useCommand, type CommandOptions } from './useCommand.ts';

/** A press while the control's previous command is still on its way: nothing was sent. */
export type Ignored = { ok: false; ignored: true };

/**
 * useCommand for one control of the moderator console, remembering the last command so an
 * unconfirmed one can be sent again on purpose (only the person can know whether it landed).
 * Reactive, so a template reads `command.error` and passes the whole thing to CommandFeedback.
 *
 * While a command is pending its buttons are only aria-disabled: a disabled button loses the
 * keyboard focus, so a chair pressing "+30 s" twice would find the second press going nowhere.
 * Presses meanwhile are ignored here instead, so a double click never sends twice.
 */
export function useConsoleCommand(client: PlenaryClient) {
  const { run, pending, error, unconfirmed } = useCommand(client);
  let last: (() => Promise<unknown>) | null = null;

  function send<N extends CommandName>(name: N, payload: CommandInput<N>, options: CommandOptions = {}): Promise<SendResult<N> | Ignored> {
    if (pending.value) return Promise.resolve({ ok: false, ignored: true });
    last = () => run(name, payload, options);
    return run(name, payload, options);
  }

  return reactive({
    send,
    pending,
    error,
    unconfirmed,
    retry: () => (pending.value ? undefined : last?.()),
    clear: () => {
      error.value = null;
      unconfirmed.value = false;
    },
  });
}

export type ConsoleCommand = ReturnType<typeof useConsoleCommand>;

/** Whether the person's role in this room may send a command: the console hides the rest (the server decides). */
export function useMayRun(role: Ref<Role | null>) {
  return (command: CommandName): boolean => role.value !== null && mayRun(role.value, command);
}
