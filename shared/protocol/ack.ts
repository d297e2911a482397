import type { ProtocolError } from '../errors.ts';
import type { CommandName, CommandResult } from './commands.ts';
import type { ServerEventName, ServerEventPayload } from './server-events.ts';
import type { CommandInput } from './commands.ts';
import type { WithCommandId } from './command-id.ts';

/** What every command's acknowledgement carries: the server's decision. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

/** Socket.IO's compile-time event maps, derived from the zod schemas so they cannot drift. */
export type ClientToServerEvents = {
  [N in CommandName]: (payload: WithCommandId<CommandInput<N>>, ack: (response: Ack<CommandResult<N>>) => void) => void;
};

export type ServerToClientEvents = {
  [N in ServerEventName]: (payload: ServerEventPayload<N>) => void;
};
