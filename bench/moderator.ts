import type { RoomSnapshot } from '../shared/protocol/snapshot.ts';
import { BenchClient, QuestionBoard } from './load/bench-client.ts';
import type { CommandInput, CommandName, CommandResult } from '../shared/protocol/commands.ts';

export const EVENT_ID = 'acsh-2023';
export const AUDIENCE_CODE = 'ACSH23';
/** Panel 1 of the demo event: the room every scenario runs in. */
export const ROOM_ID = 'panel-1';

/** The room's moderator, joined through the moderator invite as a real chair would be; lives in the runner. */
export class Moderator {
  private constructor(private readonly client: BenchClient) {}

  static async join(url: string, adminToken: string): Promise<Moderator> {
    const invites = await fetch(`${url}/api/events/${EVENT_ID}/invites`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (!invites.ok) throw new Error(`GET invites: HTTP ${invites.status}`);
    const invite = ((await invites.json()) as Array<{ role: string; roomId: string | null; url: string }>).find((i) => i.role === 'moderator' && i.roomId === ROOM_ID);
    if (!invite) throw new Error(`no moderator invite for ${ROOM_ID}`);
    const secret = invite.url.split('/join/')[1] ?? '';
    const joined = await fetch(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite: secret, name: 'Bench moderator' }) });
    if (joined.status !== 201) throw new Error(`moderator join: HTTP ${joined.status} ${await joined.text()}`);
    const { token } = (await joined.json()) as { token: string };
    const client = await BenchClient.connect(-1, url, token, new QuestionBoard(), false);
    const moderator = new Moderator(client);
    await moderator.run('room.join', { roomId: ROOM_ID });
    return moderator;
  }

  /** Runs a command that must succeed. */
  async run<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<CommandResult<N>> {
    const ack = await this.client.send(name, payload);
    if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code}: ${ack.error.message}`);
    return ack as unknown as CommandResult<N>;
  }

  /** Opens the room unless it already is. */
  async openRoom(): Promise<void> {
    const snapshot = await this.snapshot();
    if (!snapshot.state.open) await this.run('room.open', {});
  }

  snapshot(): Promise<RoomSnapshot> {
    return this.run('room.snapshot', {});
  }

  close(): void {
    this.client.close();
  }
}
