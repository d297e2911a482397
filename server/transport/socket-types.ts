import type { Server, Socket } from 'socket.io';
import type { Person } from '../../shared/model/person.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/ack.ts';

/**
 * `roomHall`: the hall of the joined room when it was joined (a hall display's role depends on it);
 * `hallId`: the hall this connection follows (hall.follow), if any; `overviewOf`: the child rooms
 * this connection follows as its parent room's chair (overview.follow).
 */
export type ConnectionData = { person: Person; roomId: string | null; roomHall: string | null; hallId: string | null; overviewOf?: string[] };

export type PlenaryServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConnectionData>;
export type PlenarySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConnectionData>;
