import { describe, expect, it } from 'vitest';
import { COMMAND_RETRY_WINDOW_MS } from '../../shared/protocol/command-id.ts';
import type { CommandName } from '../../shared/protocol/commands.ts';
import { useCommand, type CommandClient } from '../../client/src/composables/useCommand.ts';
import { useConsoleCommand } from '../../client/src/composables/useConsoleCommand.ts';
import type { SendResult } from '../../client/src/transport/plenary-client.ts';

type Sent = { name: CommandName; payload: Record<string, unknown> };
type Answer = SendResult<CommandName>;

const noAnswer: Answer = { ok: false, unconfirmed: true, error: { code: 'unavailable', message: 'No answer from the server.' } };
const offline: Answer = { ok: false, unconfirmed: false, error: { code: 'unavailable', message: 'You are offline; nothing was sent.' } };
const refused: Answer = { ok: false, error: { code: 'conflict', message: 'The list of speakers is closed.' } };
const accepted = (revision: number) => ({ ok: true, revision, requestId: 'r_1' }) as unknown as Answer;

/**
 * A PlenaryClient as useCommand sees it: each send takes the next scripted answer, and the
 * test decides when the connection comes back (PlenaryClient itself holds a command sent
 * after a reconnect until the room is joined again).
 */
class FakeClient implements CommandClient {
  readonly sent: Sent[] = [];
  private readonly onConnect: Array<() => void> = [];
  private waitingForSend: Array<() => void> = [];
  readonly socket = {
    connected: true,
    once: (_event: 'connect', listener: () => void) => void this.onConnect.push(listener),
  };

  constructor(private readonly answers: Answer[]) {}

  send = (name: CommandName, payload: object): Promise<never> => {
    this.sent.push({ name, payload: payload as Record<string, unknown> });
    for (const wake of this.waitingForSend.splice(0)) wake();
    const answer = this.answers.shift();
    if (!answer) throw new Error('no answer scripted');
    if (answer === noAnswer || answer === offline) this.socket.connected = false;
    return Promise.resolve(answer as never);
  };

  reconnect(): void {
    this.socket.connected = true;
    for (const listener of this.onConnect.splice(0)) listener();
  }

  /** Resolves once `count` commands have been sent in all. */
  async sends(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.waitingForSend.push(resolve));
  }
}

const idsOf = (client: FakeClient) => client.sent.map((sent) => sent.payload['commandId']);

describe('useCommand: every command carries an id and is retried with it until answered', () => {
  it('[UC1] a floor request whose answer was lost is sent again after the reconnect, with the same id, and its answer shown', async () => {
    const client = new FakeClient([noAnswer, accepted(7)]);
    const command = useCommand(client);
    const running = command.run('floor.request', { kind: 'contribution' });
    await client.sends(1);
    expect(command.pending.value).toBe(true);
    client.reconnect();

    await expect(running).resolves.toMatchObject({ ok: true, revision: 7 });
    expect(client.sent.map((sent) => sent.name)).toEqual(['floor.request', 'floor.request']);
    expect(client.sent[1]!.payload).toEqual(client.sent[0]!.payload);
    expect(idsOf(client)[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(command.pending.value).toBe(false);
    expect(command.error.value).toBeNull();
  });

  it('[UC2] the same id on every retry, offline or unanswered; a second press of the button is a new command with a new id', async () => {
    const client = new FakeClient([offline, noAnswer, noAnswer, accepted(8), accepted(9)]);
    const command = useCommand(client);
    const first = command.run('qa.ask', { text: 'Who audits the auditors?' });
    for (let sends = 1; sends <= 3; sends++) {
      await client.sends(sends);
      client.reconnect();
    }
    await expect(first).resolves.toMatchObject({ ok: true, revision: 8 });
    await command.run('qa.ask', { text: 'Who audits the auditors?' });

    const ids = idsOf(client);
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(ids[4]).not.toBe(ids[0]);
  });

  it('[UC3] a refusal is the server’s answer: shown, never retried', async () => {
    const client = new FakeClient([refused]);
    const command = useCommand(client);
    await expect(command.run('floor.request', { kind: 'reply' })).resolves.toEqual(refused);
    expect(client.sent).toHaveLength(1);
    expect(command.error.value).toBe('The list of speakers is closed.');
    expect(command.unconfirmed.value).toBe(false);
  });

  it('[UC4] once the server would no longer recognise the id, the command is reported not confirmed instead of sent again', async () => {
    let nowMs = 1_000;
    const client = new FakeClient([noAnswer, noAnswer]);
    const command = useCommand(client, () => nowMs);
    const running = command.run('qa.ask', { text: 'Is the exam bank shared?' });
    await client.sends(1);
    client.reconnect();
    await client.sends(2);
    nowMs += COMMAND_RETRY_WINDOW_MS;
    client.reconnect();

    await expect(running).resolves.toMatchObject({ ok: false, unconfirmed: true });
    expect(client.sent).toHaveLength(2);
    expect(command.unconfirmed.value).toBe(true);
  });

  it('[UC5] the console’s "retry" of an unconfirmed command resends it with its id; a new press gets a new one', async () => {
    let nowMs = 0;
    const client = new FakeClient([noAnswer, accepted(3), accepted(4)]);
    const command = useConsoleCommand(client, () => nowMs);
    const running = command.send('timer.adjust', { timerId: 'turn', deltaSec: 30 });
    await client.sends(1);
    nowMs += COMMAND_RETRY_WINDOW_MS;
    client.reconnect();
    await running;
    expect(command.unconfirmed).toBe(true);

    await command.retry();
    await command.send('timer.adjust', { timerId: 'turn', deltaSec: 30 });
    const ids = idsOf(client);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});
