import type { Result } from '../../shared/errors.ts';
import type { Question } from '../../shared/model/question.ts';
import type { CommandPayload, CommandResult } from '../../shared/protocol/commands.ts';
import { questionAskerKey } from '../auth/secrets.ts';
import type { Runtime } from '../runtime.ts';
import { channels } from './channels.ts';
import type { CommandContext } from './command-handlers.ts';

type Asker = { personId: string; name: string };

/**
 * Who asked the question, among the people in the room now. An anonymous question names nobody:
 * each person present is tried against its asker key, which only the server can compute, so
 * the asker is found without the question ever naming them (docs/FLOOR.md).
 */
async function askerOf(runtime: Runtime, roomId: string, question: Question): Promise<Asker | null> {
  const present = await runtime.presence.list(roomId);
  const asker =
    question.authorId !== null
      ? present.find((person) => person.personId === question.authorId)
      : present.find((person) => question.askerKey === questionAskerKey(runtime.ballotKey, question.id, person.personId));
  return asker ? { personId: asker.personId, name: asker.name } : null;
}

/**
 * The chair invites a question's asker to speak. The asker's name goes only into the chair's
 * acknowledgement; the prompt goes only to the asker's own devices (their person channel, on
 * every process).
 */
export async function inviteAsker(
  ctx: CommandContext,
  payload: CommandPayload<'qa.inviteAsker'>,
  run: (payload: CommandPayload<'qa.inviteAsker'> & { askerName: string | null }) => Promise<Result<CommandResult<'qa.inviteAsker'>>>,
): Promise<Result<CommandResult<'qa.inviteAsker'>>> {
  const roomId = ctx.socket.data.roomId;
  const state = roomId ? await ctx.runtime.live.state(roomId) : null;
  const question = state?.questions.find((q) => q.id === payload.questionId);
  const asker = roomId && question ? await askerOf(ctx.runtime, roomId, question) : null;
  const outcome = await run({ ...payload, askerName: asker?.name ?? null });
  if (outcome.ok && asker && roomId) {
    ctx.socket.nsp.to(channels.person(asker.personId)).emit('qa.invited', { roomId, questionId: payload.questionId, expiresAtMs: outcome.value.expiresAtMs });
  }
  return outcome;
}
