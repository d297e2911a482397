import { reactive, type Ref } from 'vue';
import { mayRun } from '../../../shared/permissions.ts';
import { newCommandId } from '../../../shared/protocol/command-id.ts';
import type { CommandInput, CommandName } from '../../../shared/protocol/commands.ts';
import type { Role } from '../../../shared/roles.ts';
import type { SendResult } from '../transport/plenary-client.ts';
import { useCommand, type CommandClient } from './useCommand.ts';

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
export function useConsoleCommand(client: CommandClient, clock?: () => number) {
  const { run, pending, error, unconfirmed } = useCommand(client, clock);
  let last: (() => Promise<unknown>) | null = null;

  function send<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<SendResult<N> | Ignored> {
    if (pending.value) return Promise.resolve({ ok: false, ignored: true });
    // "Retry" sends this same command again, so it keeps its id: a copy that did land is not applied twice.
    const commandId = newCommandId();
    last = () => run(name, payload, commandId);
    return run(name, payload, commandId);
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
