import type { ProtocolError } from '../../shared/errors.ts';
import { channels } from './channels.ts';
import type { PlenaryServer } from './socket-types.ts';

export const REVOKED_INVITE_MESSAGE = 'The invite link this session joined with was revoked by the organiser. Ask them for a new link.';

/**
 * Closes this process's connections of people who joined with a revoked invite. Each is told
 * why first, then disconnected by the server, after which the client does not reconnect by
 * itself (and a reconnection is refused at the handshake). Attached once the socket server exists.
 */
export class InviteSessions {
  io: PlenaryServer | null = null;

  close(inviteId: string): void {
    if (!this.io) return;
    const closed: ProtocolError = { code: 'unauthenticated', message: REVOKED_INVITE_MESSAGE };
    const sessions = this.io.local.in(channels.invite(inviteId));
    sessions.emit('connection.closed', closed);
    sessions.disconnectSockets(true);
  }
}
