import { channels } from './channels.ts';
import type { PlenaryServer } from './socket-types.ts';

/**
 * How many connections follow a hall, on every process: Socket.IO asks the other processes
 * through the adapter. Attached once the socket server exists; before that nothing follows.
 */
export class HallScreens {
  io: PlenaryServer | null = null;

  async count(eventId: string, hallId: string): Promise<number> {
    if (!this.io) return 0;
    return (await this.io.in(channels.hall(eventId, hallId)).fetchSockets()).length;
  }
}
